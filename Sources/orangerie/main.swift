import ArgumentParser
import NIOCore
import NIOPosix

// Swift concurrency runs on the server's event loops, so that a request's handler, the gateway and the
// upstream client share threads instead of handing work between two pools (swift-nio,
// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`). It must happen on
// the main thread before any concurrent work.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await Orangerie.mainOnEventLoops()

extension Orangerie {
    /// What `AsyncParsableCommand.main()` does; top-level code cannot call that one, it picks the synchronous
    /// `main()` of `ParsableCommand`.
    static func mainOnEventLoops() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
