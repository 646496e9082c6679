import ArgumentParser
import Foundation
import OAuthClient
import OAuthCore

/// `orangerie doctor`: checks a client configuration against a server and says what is wrong in words.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration against the server: reachability, TLS, clock, Accept handling, credentials.",
        discussion: """
            Makes at most one token request (to check the credentials, skipped when none are given) and prints \
            one line per check: 'ok', 'note' or 'FAIL' with the reason. Exits 1 when a check failed.
            """)

    @OptionGroup var client: ClientOptions

    /// The outcome of one check, said in words.
    struct Finding {
        enum Verdict: String { case ok = "ok  ", note = "note", fail = "FAIL" }
        var verdict: Verdict
        var check: String
        var words: String
    }

    func run() async throws {
        let tokenURL = try client.resolvedTokenURL
        var findings: [Finding] = []
        defer { for finding in findings { print("\(finding.verdict.rawValue)  \(finding.check): \(finding.words)") } }
        try await client.makeTransport().using { transport in
            guard let probe = await reach(tokenURL, transport: transport, findings: &findings) else { return }
            findings.append(await tls(tokenURL))
            findings.append(clock(probe))
            findings.append(await accept(tokenURL, transport: transport))
            findings.append(await credentials(tokenURL, transport: transport))
        }
        if findings.contains(where: { $0.verdict == .fail }) { throw ExitCode(1) }
    }

    /// Any HTTP answer to a GET on the token endpoint; nil (and a failure) when there is none.
    private func reach(_ url: URL, transport: ClientTransport, findings: inout [Finding]) async -> (HTTPResponseMessage, sent: Date, received: Date)? {
        let sent = Date()
        do {
            let response = try await transport.send(HTTPRequestMessage(url: url))
            let received = Date()
            let milliseconds = Int(received.timeIntervalSince(sent) * 1000)
            findings.append(Finding(verdict: .ok, check: "reachability", words: "\(url.host ?? "") answered HTTP \(response.status) in \(milliseconds) ms"))
            return (response, sent, received)
        } catch let error as OAuthClientError where error == .insecureURL {
            findings.append(Finding(verdict: .fail, check: "reachability", words: "\(error.detail) (seed 000: HTTPS with TLS 1.2 or later)"))
        } catch {
            findings.append(Finding(verdict: .fail, check: "reachability", words: "\(error); check the URL, DNS, a proxy or a firewall"))
        }
        return nil
    }

    /// Which of TLS 1.2 and 1.3 the server accepts; a transport of this library never offers less.
    private func tls(_ url: URL) async -> Finding {
        guard url.scheme == "https" else {
            return Finding(verdict: .note, check: "TLS", words: "plain HTTP, allowed to loopback only; Orange APIs are HTTPS with TLS 1.2 or later (seed 000)")
        }
        var accepted: [TLSProtocolVersion] = []
        for version in [TLSProtocolVersion.v1_2, .v1_3] {
            let transport = client.makeTransport { $0.minimumTLSVersion = version; $0.maximumTLSVersion = version }
            if (try? await transport.using({ try await $0.send(HTTPRequestMessage(url: url)) })) != nil { accepted.append(version) }
        }
        if accepted.isEmpty {
            return Finding(verdict: .fail, check: "TLS", words: "no handshake with TLS 1.2 or 1.3: the server offers an older version, or its certificate is not trusted (--ca-file)")
        }
        return Finding(verdict: .ok, check: "TLS", words: accepted.map(\.description).joined(separator: " and ") + " accepted")
    }

    /// The offset of the local clock from the server's `Date` header, which decides when a token is thought expired.
    private func clock(_ probe: (response: HTTPResponseMessage, sent: Date, received: Date)) -> Finding {
        guard let serverDate = probe.response.date else {
            return Finding(verdict: .note, check: "clock", words: "the server sent no Date header; the offset is unknown")
        }
        let local = probe.sent.addingTimeInterval(probe.received.timeIntervalSince(probe.sent) / 2)
        let offset = Int(local.timeIntervalSince(serverDate).rounded())
        if abs(offset) <= 5 {
            return Finding(verdict: .ok, check: "clock", words: "within \(max(1, abs(offset))) s of the server's")
        }
        return Finding(
            verdict: abs(offset) > 60 ? .fail : .note, check: "clock",
            words: "\(abs(offset)) s \(offset > 0 ? "ahead of" : "behind") the server's: token expiry is misjudged by as much; set the time with NTP")
    }

    /// Seed 002: "Header Accept: application/json is now required. When it is omitted you will receive a 406
    /// error." Checked without credentials, so that it costs no token.
    private func accept(_ url: URL, transport: ClientTransport) async -> Finding {
        let request = HTTPRequestMessage(
            method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: .bytes(Data("grant_type=client_credentials".utf8)))
        guard let response = try? await transport.send(request) else {
            return Finding(verdict: .note, check: "Accept", words: "no answer to a token request without Accept")
        }
        if response.status == 406 {
            return Finding(verdict: .ok, check: "Accept", words: "the server requires Accept: application/json (seed 002), which this tool sends")
        }
        return Finding(verdict: .note, check: "Accept", words: "the server answered HTTP \(response.status) without Accept: application/json; Orange answers 406, this server does not insist")
    }

    /// One token request, explained.
    private func credentials(_ url: URL, transport: ClientTransport) async -> Finding {
        guard let credentials = try? client.credentials() else {
            return Finding(verdict: .note, check: "credentials", words: "none given (--client-id with a secret, or the Authorization header): not checked")
        }
        do {
            let token = try await ClientCredentialsTokenSource(tokenURL: url, credentials: credentials, transport: transport).token()
            let lifetime = token.expiresAt.map { " valid \(Int($0.timeIntervalSince(token.obtainedAt))) s" } ?? ""
            return Finding(verdict: .ok, check: "credentials", words: "accepted for client_id \(credentials.clientID): a \(token.tokenType) token\(lifetime)")
        } catch let error as OAuthClientError {
            return Finding(verdict: .fail, check: "credentials", words: explain(error, clientID: credentials.clientID))
        } catch {
            return Finding(verdict: .fail, check: "credentials", words: "\(error)")
        }
    }

    private func explain(_ error: OAuthClientError, clientID: String) -> String {
        switch (error.status, error.oauthError?.error) {
        case (401?, .invalidClient?) where error.oauthError == .outdatedCredentials:
            "the secret of \(clientID) was renewed: copy the new one from the portal"
        case (401?, .invalidClient?):
            "client_id \(clientID) and this secret are not accepted: check both, and that the application is not suspended"
        case (400?, .unauthorizedClient?):
            "the application is subscribed to no API: subscribe it in the portal"
        case (429?, _):
            "too many token requests (seed 002 allows 50 a minute): reuse tokens for their hour"
        default:
            error.description
        }
    }
}
