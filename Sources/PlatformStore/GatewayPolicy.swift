import Foundation

/// What an API proxy enforces between the client and the backend besides tokens and limits: seed 001's "Interface
/// Contract" ("quota, resource set, verbs, headers, connexion, authentication mode") and the proxy's "message
/// validation/filtering/enrichment" (issue 18). Stored with the API as one JSON value; every field has a default, so
/// that an API registered before this existed reads as the open proxy it was.
package struct GatewayPolicy: Hashable, Sendable {
    /// Whether only the operations of the API's OpenAPI document are forwarded.
    package var contract: ContractMode
    /// Whether requests are checked against the document's parameters and body schemas.
    package var requestValidation: RequestValidation
    /// The largest request body forwarded, in bytes; nil for no limit but the one validation reads a body up to.
    package var maximumBodyBytes: Int?
    /// How the gateway proves itself to the backend.
    package var upstreamAuthentication: UpstreamAuthentication
    /// Headers removed from and added to the request before it reaches the backend.
    package var requestHeaders: HeaderRules
    /// Headers removed from and added to the backend's answer.
    package var responseHeaders: HeaderRules
    /// The origins whose browser scripts may call the API (Fetch standard, CORS); empty for none, `*` for any.
    package var corsOrigins: [String]
    /// Whether only access tokens bound to a DPoP key are accepted (RFC 9449 §7; issue 16, item 4).
    package var requiresDPoP: Bool

    package init(
        contract: ContractMode = .open, requestValidation: RequestValidation = .off, maximumBodyBytes: Int? = nil,
        upstreamAuthentication: UpstreamAuthentication = .none, requestHeaders: HeaderRules = HeaderRules(),
        responseHeaders: HeaderRules = HeaderRules(), corsOrigins: [String] = [], requiresDPoP: Bool = false
    ) {
        self.contract = contract
        self.requestValidation = requestValidation
        self.maximumBodyBytes = maximumBodyBytes
        self.upstreamAuthentication = upstreamAuthentication
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
        self.corsOrigins = corsOrigins
        self.requiresDPoP = requiresDPoP
    }

    /// Whether the gateway needs the API's OpenAPI document compiled.
    package var usesDocument: Bool { contract == .strict || requestValidation != .off }

    /// The largest body read whole for validation when no limit is set: 1 MiB.
    package static let defaultValidatedBodyBytes = 1 << 20
}

/// Which operations an API proxy forwards (issue 18, item 1).
package enum ContractMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// Any method to any path under the base path: the behaviour of an API without a document.
    case open
    /// Only the operations the OpenAPI document declares: 404 code 60 for another path, 405 code 61 for another method.
    case strict
}

/// What the gateway does with a request that does not conform to the API's OpenAPI document (issue 18, item 2).
package enum RequestValidation: String, Hashable, Sendable, CaseIterable, Codable {
    case off
    /// Forwards it and logs the first problem.
    case report
    /// Refuses it with 400 (or 415) and Orange's body naming the first problem.
    case enforce
}

/// Headers an API proxy removes, then adds (issue 18, item 4).
package struct HeaderRules: Hashable, Sendable, Codable {
    /// Lower-case names.
    package var remove: [String]
    package var add: [HeaderTemplate]

    package init(remove: [String] = [], add: [HeaderTemplate] = []) {
        self.remove = remove
        self.add = add
    }

    package var isEmpty: Bool { remove.isEmpty && add.isEmpty }
}

/// A header to add, whose value may name what the gateway knows of the call: `{client_id}`, `{subject}`, `{scope}`,
/// `{request_id}`, `{api}`. A header whose value comes out empty (a subject for an application's own token) is not
/// added.
package struct HeaderTemplate: Hashable, Sendable, Codable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The placeholders a value may hold.
    package static let placeholders = ["client_id", "subject", "scope", "request_id", "api"]
}

/// How the gateway authenticates to an API's backend, so that the backend can trust the gateway and nothing else
/// (issue 18, item 3). Secrets are sealed with the master key, bound to the API's name, like client secrets; they
/// are opened only by the gateway and never shown again.
package enum UpstreamAuthentication: Hashable, Sendable {
    case none
    /// A static header, such as `X-Api-Key: …`.
    case header(name: String, sealedValue: Data)
    /// HTTP Basic (RFC 7617).
    case basic(username: String, sealedPassword: Data)
    /// An access token from the backend's own authorization server (RFC 6749 §4.4), cached until it expires.
    case clientCredentials(tokenURL: String, clientID: String, sealedSecret: Data, scope: String?)
    /// A client certificate presented in the TLS handshake (RFC 8446 §4.4.2): the chain and the sealed key, PEM.
    case mutualTLS(certificateChain: String, sealedPrivateKey: Data)

    /// Its name as commands and pages show it.
    package var mode: String {
        switch self {
        case .none: "none"
        case .header: "header"
        case .basic: "basic"
        case .clientCredentials: "client-credentials"
        case .mutualTLS: "mtls"
        }
    }

    /// What the sealed secrets of an API are bound to.
    package static func sealingContext(apiName: String) -> String {
        "upstream-credential:" + apiName
    }
}
