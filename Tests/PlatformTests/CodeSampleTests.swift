import DeveloperPortal
import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// Issue 17, item 2: the code samples the API's page generates. Those whose tools are here are downloaded from the
/// demo API's Code samples tab for the demo application and run for real against `serve --demo`, with the secret in
/// `CLIENT_SECRET`, as a developer would run them;
/// every one is read for the rules; the Swift one is the program CI compiles in `Examples/ConsumerApp`.
@Suite struct CodeSampleTests {
    /// The languages whose samples run here, each with the interpreter it needs; with `CI` set a missing one fails the
    /// test. The others need tools (and libraries) this project does not install: they are read as text below, and the
    /// Swift one is compiled by CI as `Examples/ConsumerApp`'s `Call`.
    static let runnable: [(language: CodeSamples.Language, interpreter: String)] = [
        (.curl, "curl"), (.python, "python3"), (.node, "node"), (.java, "java"),
    ]

    /// The inputs of the Swift sample that `Examples/ConsumerApp/Sources/Call/main.swift` holds: `serve --demo`'s
    /// addresses and a client ID to replace.
    static let placeholders = CodeSamples(
        tokenURL: "http://127.0.0.1:8080/oauth/v3/token", clientID: "YOUR_CLIENT_ID", method: "GET",
        operationURL: "http://127.0.0.1:8080/poi/v1/shops?postalCode=35000")

    /// How each sample reads the secret from the environment.
    static let environmentReads: [CodeSamples.Language: String] = [
        .curl: "${CLIENT_SECRET:?", .swift: #"environment["CLIENT_SECRET"]"#, .java: #"System.getenv("CLIENT_SECRET")"#,
        .kotlin: #"System.getenv("CLIENT_SECRET")"#, .python: #"os.environ["CLIENT_SECRET"]"#,
        .node: "process.env.CLIENT_SECRET", .php: "getenv('CLIENT_SECRET')",
        .csharp: #"Environment.GetEnvironmentVariable("CLIENT_SECRET")"#, .rust: #"std::env::var("CLIENT_SECRET")"#,
        .go: #"os.Getenv("CLIENT_SECRET")"#,
    ]

    @Test(arguments: runnable)
    func aSampleForTheDemoApplicationPrintsTheDemoShops(language: CodeSamples.Language, interpreter: String) async throws {
        guard Self.find(interpreter) != nil else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "\(language) needs \(interpreter)")
            return
        }
        var configuration = testConfiguration()
        configuration.demo = true
        try await withPlatform(configuration) { platform in
            let demo = try #require(platform.demo)
            // As the demo developer downloads it from the demo API's Code samples tab, for the demo application.
            let browser = Browser(platform)
            _ = try await browser.signIn(startingAt: "/portal/signin", username: DemoProvisioning.email, password: DemoProvisioning.password)
            let download = try await browser.get("/portal/apis/poi/samples/\(language.rawValue)?client_id=\(demo.credentials.clientID)")
            #expect(download.status == .ok && download.headers[.contentDisposition]?.contains(language.fileName) == true)
            let code = download.body
            #expect(code.contains(demo.credentials.clientID) && code.contains(platform.baseURL + "/poi/v1/shops"))
            #expect(!code.contains(demo.credentials.clientSecret))
            #expect(code.contains("Accept") && code.contains("application/json"))
            let directory = TemporaryDirectory()
            try code.write(toFile: directory.path + "/" + language.fileName, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment
            environment["CLIENT_SECRET"] = demo.credentials.clientSecret
            let words = language.runCommand.split(separator: " ").map(String.init)
            let process = try ChildProcess(
                executable: "/bin/sh", arguments: ["-c", "cd \"$0\" && exec \"$@\"", directory.path] + words, environment: environment)
            try process.standardInput.close()
            let (status, output, errors) = await BlockingWork.run {
                let output = String(decoding: process.standardOutput.readDataToEndOfFile(), as: UTF8.self)
                let errors = String(decoding: process.standardError.readDataToEndOfFile(), as: UTF8.self)
                return (process.waitForExit(), output, errors)
            }
            #expect(status == 0, "\(language): \(errors)")
            #expect(output.contains("Boutique Orange Rennes Centre"), "\(language): \(output)")
            #expect(!(output + errors).contains(demo.credentials.clientSecret))
        }
    }

    /// Issue 17's rules, read in every sample (the ones no tool here runs included): `Accept: application/json`,
    /// the token request's form content type (Swift's SDK and Go's golang.org/x/oauth2 send it themselves: their
    /// samples say so), the client ID and the operation's URL written in, the secret read from `CLIENT_SECRET`, never
    /// written (the generator has no secret to write: this keeps it so) and never sent as a `client_secret` parameter.
    @Test(arguments: CodeSamples.Language.allCases)
    func everySampleFollowsTheRules(language: CodeSamples.Language) throws {
        let secret = "fake-secret-0f9e8d7c"
        let code = Self.placeholders.code(in: language)
        #expect(code.contains("Accept") && code.contains("application/json"))
        #expect(code.contains("application/x-www-form-urlencoded"))
        #expect(code.contains(Self.placeholders.clientID))
        #expect(code.contains(Self.placeholders.tokenURL))
        #expect(code.contains(Self.placeholders.operationURL))
        #expect(code.contains(try #require(Self.environmentReads[language])))
        #expect(!code.contains(secret))
        #expect(!code.contains("client_secret="))
        #expect(code.contains("Seed 002") || code.contains("seed 002"))
        #expect(code.hasSuffix("\n"))
    }

    /// The Swift sample compiles against the SDK: CI builds `Examples/ConsumerApp`, whose `Call` target is this sample
    /// for ``placeholders``, byte for byte. After a change to the sample, write `placeholders.code(in: .swift)` there.
    @Test func theSwiftSampleIsTheProgramConsumerAppBuilds() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = repository.appendingPathComponent("Examples/ConsumerApp/Sources/Call/" + CodeSamples.Language.swift.fileName)
        let golden = try Data(contentsOf: file)
        #expect(golden == Data(Self.placeholders.code(in: .swift).utf8), "\(file.path) is not the Swift sample for the placeholders")
    }

    private static func find(_ command: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(command)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
