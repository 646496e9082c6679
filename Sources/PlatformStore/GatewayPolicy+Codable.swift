import Foundation

/// The stored form of a ``GatewayPolicy``: snake-case keys, every one optional on reading, so that the JSON of an
/// older version (or `{}`) reads with the defaults.
extension GatewayPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case contract
        case requestValidation = "request_validation"
        case maximumBodyBytes = "max_body"
        case upstreamAuthentication = "upstream_authentication"
        case requestHeaders = "request_headers"
        case responseHeaders = "response_headers"
        case corsOrigins = "cors_origins"
        case requiresDPoP = "require_dpop"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            contract: try container.decodeIfPresent(ContractMode.self, forKey: .contract) ?? .open,
            requestValidation: try container.decodeIfPresent(RequestValidation.self, forKey: .requestValidation) ?? .off,
            maximumBodyBytes: try container.decodeIfPresent(Int.self, forKey: .maximumBodyBytes),
            upstreamAuthentication: try container.decodeIfPresent(UpstreamAuthentication.self, forKey: .upstreamAuthentication) ?? .none,
            requestHeaders: try container.decodeIfPresent(HeaderRules.self, forKey: .requestHeaders) ?? HeaderRules(),
            responseHeaders: try container.decodeIfPresent(HeaderRules.self, forKey: .responseHeaders) ?? HeaderRules(),
            corsOrigins: try container.decodeIfPresent([String].self, forKey: .corsOrigins) ?? [],
            requiresDPoP: try container.decodeIfPresent(Bool.self, forKey: .requiresDPoP) ?? false)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(contract, forKey: .contract)
        try container.encode(requestValidation, forKey: .requestValidation)
        try container.encodeIfPresent(maximumBodyBytes, forKey: .maximumBodyBytes)
        try container.encode(upstreamAuthentication, forKey: .upstreamAuthentication)
        try container.encode(requestHeaders, forKey: .requestHeaders)
        try container.encode(responseHeaders, forKey: .responseHeaders)
        try container.encode(corsOrigins, forKey: .corsOrigins)
        try container.encode(requiresDPoP, forKey: .requiresDPoP)
    }

    /// The JSON text a driver stores.
    package var storedJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Strings, numbers and Data always encode.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The policy a driver stored as `text`.
    package static func stored(_ text: String) throws -> GatewayPolicy {
        do {
            return try JSONDecoder().decode(GatewayPolicy.self, from: Data(text.utf8))
        } catch {
            throw DatabaseCorruption(column: "gateway policy", value: String(text.prefix(200)))
        }
    }
}

/// `{"mode": "header", "name": …, "sealed": …}`: one flat object per mode, the sealed secret base64.
extension UpstreamAuthentication: Codable {
    private enum CodingKeys: String, CodingKey {
        case mode, name, username, sealed
        case tokenURL = "token_url"
        case clientID = "client_id"
        case scope
        case certificateChain = "certificate_chain"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try container.decode(String.self, forKey: .mode)
        switch mode {
        case "none": self = .none
        case "header":
            self = .header(name: try container.decode(String.self, forKey: .name), sealedValue: try container.decode(Data.self, forKey: .sealed))
        case "basic":
            self = .basic(
                username: try container.decode(String.self, forKey: .username), sealedPassword: try container.decode(Data.self, forKey: .sealed))
        case "client-credentials":
            self = .clientCredentials(
                tokenURL: try container.decode(String.self, forKey: .tokenURL), clientID: try container.decode(String.self, forKey: .clientID),
                sealedSecret: try container.decode(Data.self, forKey: .sealed), scope: try container.decodeIfPresent(String.self, forKey: .scope))
        case "mtls":
            self = .mutualTLS(
                certificateChain: try container.decode(String.self, forKey: .certificateChain),
                sealedPrivateKey: try container.decode(Data.self, forKey: .sealed))
        default:
            throw DecodingError.dataCorruptedError(forKey: .mode, in: container, debugDescription: "unknown upstream authentication \(mode)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        switch self {
        case .none: break
        case .header(let name, let sealed):
            try container.encode(name, forKey: .name)
            try container.encode(sealed, forKey: .sealed)
        case .basic(let username, let sealed):
            try container.encode(username, forKey: .username)
            try container.encode(sealed, forKey: .sealed)
        case .clientCredentials(let tokenURL, let clientID, let sealed, let scope):
            try container.encode(tokenURL, forKey: .tokenURL)
            try container.encode(clientID, forKey: .clientID)
            try container.encode(sealed, forKey: .sealed)
            try container.encodeIfPresent(scope, forKey: .scope)
        case .mutualTLS(let chain, let sealed):
            try container.encode(chain, forKey: .certificateChain)
            try container.encode(sealed, forKey: .sealed)
        }
    }
}
