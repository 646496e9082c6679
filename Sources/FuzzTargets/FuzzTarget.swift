/// One libFuzzer target: a parser that sees untrusted bytes, run on one input, with the properties it must keep
/// checked by ``check(_:_:file:line:)`` (a failed check is a crash, which libFuzzer saves as a reproducer).
///
/// `scripts/fuzz` runs each for a bounded time from `Fuzz/corpus/<name>/`; `FuzzTargetsTests` replays every file
/// of that corpus in `swift test`, so that a crash once found and committed there stays a test.
package struct FuzzTarget: Sendable {
    /// How a target runs: most parsers are synchronous; the SDK's token sources and ID token verifier are not.
    package enum Body: Sendable {
        case sync(@Sendable ([UInt8]) -> Void)
        case async(@Sendable ([UInt8]) async -> Void)
    }

    /// The name `scripts/fuzz`, `ORANGERIE_FUZZ_TARGET` and `Fuzz/corpus/<name>/` use.
    package let name: String
    /// libFuzzer's `-max_len`: longer inputs teach the parser nothing more than these.
    package let maximumLength: Int
    package let body: Body

    /// Runs the target on one input.
    package func run(_ bytes: [UInt8]) async {
        switch body {
        case .sync(let run): run(bytes)
        case .async(let run): await run(bytes)
        }
    }

    /// Every target, in the order `scripts/fuzz` runs them.
    package static let all: [FuzzTarget] = [
        FuzzTarget(name: "form", maximumLength: 1024, body: .sync(FormDecodingFuzzTarget.run)),
        FuzzTarget(name: "basic", maximumLength: 512, body: .sync(BasicCredentialsFuzzTarget.run)),
        FuzzTarget(name: "portal", maximumLength: 512, body: .sync(PortalHeaderFuzzTarget.run)),
        FuzzTarget(name: "accept", maximumLength: 512, body: .sync(AcceptFuzzTarget.run)),
        FuzzTarget(name: "scopes", maximumLength: 512, body: .sync(ScopesFuzzTarget.run)),
        FuzzTarget(name: "redirect-uri", maximumLength: 512, body: .sync(RedirectURIFuzzTarget.run)),
        FuzzTarget(name: "request-id", maximumLength: 192, body: .sync(RequestIDFuzzTarget.run)),
        FuzzTarget(name: "error-body", maximumLength: 1024, body: .sync(ErrorBodyFuzzTarget.run)),
        FuzzTarget(name: "contract-body", maximumLength: 2048, body: .sync(ContractBodyFuzzTarget.run)),
        FuzzTarget(name: "token-response", maximumLength: 2048, body: .async(TokenResponseFuzzTarget.run)),
        FuzzTarget(name: "id-token", maximumLength: 2048, body: .async(IDTokenFuzzTarget.run)),
    ]

    /// The target called `name`, if there is one.
    package static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
