import Foundation
import FuzzTargets
import Testing

/// Every file of `Fuzz/corpus/<target>/` through its target, as `swift test` runs it: the seeds, and each crash the
/// fuzzer once found (README, "Fuzzing": a crash found is a test). A target runs in a child process, so that a
/// failed property fails this test, naming the file, instead of stopping the whole test run.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    static func files(of target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpus.appendingPathComponent(target), includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// One child process replays the whole folder; only when it crashes does one child per file name the inputs
    /// that crash (`swift run OrangerieFuzz TARGET FILE` then shows why).
    @Test(arguments: FuzzTarget.all.map(\.name))
    func theCorpusPasses(_ name: String) async throws {
        let files = try Self.files(of: name)
        #expect(!files.isEmpty, "Fuzz/corpus/\(name) has no seed")
        let passed = await #expect(processExitsWith: .success, "a file of Fuzz/corpus/\(name) crashes") { [name = name as String, files = files as [URL]] in
            await Self.replay(files, through: name)
        }
        guard passed == nil else { return }
        for file in files {
            await #expect(processExitsWith: .success, "Fuzz/corpus/\(name)/\(file.lastPathComponent) crashes") { [name = name as String, file = file as URL] in
                await Self.replay([file], through: name)
            }
        }
    }

    static func replay(_ files: [URL], through name: String) async {
        guard let target = FuzzTarget.named(name) else { fatalError("no fuzz target \(name)") }
        for file in files {
            guard let bytes = try? Data(contentsOf: file) else { fatalError("cannot read \(file.path)") }
            await target.run([UInt8](bytes))
        }
    }

    @Test func everyCorpusFolderIsATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
        #expect(Set(folders) == Set(FuzzTarget.all.map(\.name)))
    }

    /// The contract target's fixed operation accepts the valid bodies of its corpus and refuses the others with the
    /// code their name says.
    @Test func theFixedContractAcceptsItsValidBodies() throws {
        let expected = ["valid-order": nil, "missing-quantity": 23, "quantity-as-text": 24, "array-root": 22, "not-json": 22, "empty": 21]
        for (name, code) in expected {
            let bytes = try Data(contentsOf: Self.corpus.appendingPathComponent("contract-body/\(name)"))
            #expect(ContractBodyFuzzTarget.refusalCode([UInt8](bytes)) == code, "\(name)")
        }
    }

    /// The ID token target's fixed provider accepts what its key signs: the fuzzer starts from tokens that verify,
    /// so that "never accepts a forgery" is tested against a verifier that does accept genuine tokens.
    @Test func theFixedProviderAcceptsItsOwnIDTokens() async throws {
        let fresh = try IDTokenFuzzTarget.sign(header: IDTokenFuzzTarget.expectedHeader, claims: IDTokenFuzzTarget.expectedClaims)
        #expect(await IDTokenFuzzTarget.verify(fresh) != nil)
        let seeds = try Self.files(of: "id-token").filter { $0.lastPathComponent.hasPrefix("valid") }
        #expect(!seeds.isEmpty)
        for seed in seeds {
            #expect(await IDTokenFuzzTarget.verify(String(decoding: try Data(contentsOf: seed), as: UTF8.self)) != nil, "\(seed.lastPathComponent)")
        }
    }
}
