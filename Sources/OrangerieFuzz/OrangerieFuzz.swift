import CLibFuzzer
import Foundation
import FuzzTargets

/// The fuzzing binary. Built by `scripts/fuzz` with `ORANGERIE_FUZZING=1` (Package.swift then links libFuzzer and
/// defines `FUZZING`), it hands `main` to libFuzzer with the target named by `ORANGERIE_FUZZ_TARGET`. (SwiftPM links
/// an executable with `main` defined as `OrangerieFuzz_main`, so libFuzzer's own `main` cannot be used: this one
/// calls libFuzzer's driver instead.)
///
/// In both builds, `--list` prints each target's name and `-max_len`; in a normal build,
/// `OrangerieFuzz TARGET FILE…` runs a target on files, without instrumentation (a reproducer under a debugger).
@main enum OrangerieFuzz {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "--list" {
            for target in FuzzTarget.all { print(target.name, target.maximumLength) }
            return
        }
        #if FUZZING
        guard selected != nil else {
            fail("set ORANGERIE_FUZZ_TARGET to one of: " + FuzzTarget.all.map(\.name).joined(separator: " "))
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))
        #else
        guard let name = arguments.first, let target = FuzzTarget.named(name) else {
            fail("usage: OrangerieFuzz --list | TARGET FILE… (scripts/fuzz runs the fuzzer)")
        }
        for path in arguments.dropFirst() {
            guard let contents = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
            runToCompletion(target, [UInt8](contents))
            print("\(target.name): \(path) passes")
        }
        #endif
    }

    /// The target chosen by `ORANGERIE_FUZZ_TARGET`.
    static let selected: FuzzTarget? = getenv("ORANGERIE_FUZZ_TARGET").flatMap { FuzzTarget.named(String(cString: $0)) }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

/// libFuzzer's entry point, called once per input on the main thread.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = OrangerieFuzz.selected else { return -1 }
    runToCompletion(target, Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)))
    return 0
}

/// Runs a target on one input and returns when it is done; an asynchronous target runs in a task while this
/// (non-concurrent) thread waits.
func runToCompletion(_ target: FuzzTarget, _ bytes: [UInt8]) {
    switch target.body {
    case .sync(let run):
        run(bytes)
    case .async(let run):
        let done = DispatchSemaphore(value: 0)
        Task {
            await run(bytes)
            done.signal()
        }
        done.wait()
    }
}
