import Foundation
import OAuthClient
import OAuthCore

/// The SDK's reading of a token endpoint's answer: ``ClientCredentialsTokenSource/token()`` (2-legged) and
/// ``RefreshTokenSource/token()`` (3-legged refresh), given an answer made of the input.
///
/// The input is an answer written as text: the status on the first line, `Name: value` header lines, an empty
/// line, then the body. Checks that neither source traps, that every failure is an ``OAuthClientError`` (what the
/// SDK promises), that a refusal keeps the status and a `Retry-After` that is never negative, that a 429 is
/// ``OAuthClientError/Remedy/retryLater`` (but for `invalid_grant`), and that a token is handed out only for a 200
/// with a Bearer token.
enum TokenResponseFuzzTarget {
    static let sentAt = Date(timeIntervalSince1970: 1_767_225_600)
    static let credentials = ClientCredentials(clientID: "fuzz-client", clientSecret: "fuzz-secret")

    static func run(_ bytes: [UInt8]) async {
        guard let response = answer(bytes) else { return }
        let transport = FixedTransport(response: response)
        let twoLegged = ClientCredentialsTokenSource(
            tokenURL: URL(string: "https://api.example.com/oauth/v3/token")!, credentials: credentials, transport: transport,
            now: { sentAt })
        await exercise(twoLegged, answering: response)
        let store = InMemoryTokenStore()
        let key = "fuzz"
        await store.save(AccessToken(value: Secret("old"), obtainedAt: sentAt, expiresAt: sentAt, refreshToken: Secret("refresh")), for: key)
        let metadata = ProviderMetadata(
            issuer: "https://issuer.example.com", authorizationEndpoint: "https://issuer.example.com/authorize",
            tokenEndpoint: "https://issuer.example.com/token")
        let refreshing = RefreshTokenSource(metadata: metadata, credentials: credentials, store: store, key: key, transport: transport, now: { sentAt })
        await exercise(refreshing, answering: response)
    }

    private static func exercise(_ source: some TokenSource, answering response: HTTPResponseMessage) async {
        do {
            let token = try await source.token()
            check(response.status == 200, "a token from an HTTP \(response.status) answer")
            check(token.tokenType.lowercased() == "bearer", "a token of type \(token.tokenType)")
            check(token.obtainedAt == sentAt, "a token obtained at \(token.obtainedAt), not when its request was sent")
        } catch let error as OAuthClientError {
            _ = error.description
            check(error.status == response.status, "HTTP \(response.status) reported as \(error.status.map(String.init) ?? "no status")")
            check(response.status != 200 || error == .invalidResponse, "a 200 refused as \(error)")
            check(error.retryAfter.map { $0 >= .zero } ?? true, "a negative Retry-After: \(error)")
            // Unless the body says invalid_grant, which the refresh source documents as "sign in again" whatever the status.
            check(
                response.status != 429 || error.remedy == .retryLater || error.oauthError?.error == .invalidGrant,
                "HTTP 429 is not retryLater: \(error)")
        } catch {
            fatalError("a token source threw \(type(of: error)), not an OAuthClientError: \(error)")
        }
    }

    /// `STATUS\nName: value\n…\n\nBODY`; nil when the first line is not a status from 100 to 599.
    static func answer(_ bytes: [UInt8]) -> HTTPResponseMessage? {
        let blank = bytes.firstRange(of: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
        let head = FuzzInput.lines(Array(bytes[..<(blank?.lowerBound ?? bytes.endIndex)]))
        guard let status = Int(head[0].trimmingCharacters(in: .whitespaces)), (100...599).contains(status) else { return nil }
        var headers = HTTPHeaderFields()
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            headers.append(String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
        }
        return HTTPResponseMessage(status: status, headers: headers, body: Data(bytes[(blank?.upperBound ?? bytes.endIndex)...]))
    }
}

/// A transport that answers every request with the same message.
struct FixedTransport: HTTPTransport {
    let response: HTTPResponseMessage

    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage { response }
}
