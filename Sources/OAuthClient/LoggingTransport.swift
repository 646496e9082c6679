import Foundation
import Logging
import OAuthCore

/// An ``HTTPTransport`` that logs every exchange through swift-log, with secrets masked.
///
/// At `debug`: method, URL without its query, status, duration and `X-OAPI-Request-Id`. At `trace`, also
/// the headers and the bodies, with `Authorization` (and cookies) reduced to their scheme and a fingerprint,
/// and secret fields of form and JSON bodies (`client_secret`, `access_token`, …) likewise.
///
/// ```swift
/// var logger = Logger(label: "api")
/// logger.logLevel = .trace
/// let transport = LoggingTransport(wrapping: AsyncHTTPClientTransport.shared, logger: logger)
/// ```
public struct LoggingTransport: HTTPTransport {
    private let wrapped: any HTTPTransport
    private let logger: Logger

    public init(wrapping transport: any HTTPTransport, logger: Logger) {
        wrapped = transport
        self.logger = logger
    }

    public func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        let target = "\(request.method) \(request.url.redactingQuery)"
        logger.debug("HTTP request \(target)")
        logger.trace(
            "HTTP request body",
            metadata: ["headers": "\(Redaction.headers(request.headers))", "body": "\(request.body?.data.map(Redaction.body) ?? "")"])
        let start = ContinuousClock.now
        do {
            let response = try await wrapped.send(request)
            logger.debug(
                "HTTP response \(target) \(response.status)",
                metadata: ["duration": "\(ContinuousClock.now - start)", "request_id": "\(response.requestID ?? "-")"])
            logger.trace(
                "HTTP response body",
                metadata: ["headers": "\(Redaction.headers(response.headers))", "body": "\(Redaction.body(response.body))"])
            return response
        } catch {
            logger.debug("HTTP request \(target) failed", metadata: ["error": "\(error)"])
            throw error
        }
    }
}

/// Masks secrets in what is logged.
enum Redaction {
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
    static let secretFields: Set<String> = [
        "client_secret", "access_token", "refresh_token", "id_token", "code", "code_verifier", "password", "assertion",
        "token",  // RFC 7009 revocation and RFC 7662 introspection requests
    ]

    static func headers(_ headers: HTTPHeaderFields) -> String {
        headers.map { field in
            guard secretHeaders.contains(field.name.lowercased()) else { return "\(field.name): \(field.value)" }
            let parts = field.value.split(separator: " ", maxSplits: 1)
            let scheme = parts.count == 2 ? parts[0] + " " : ""
            return "\(field.name): \(scheme)\(Secret(String(parts.last ?? "")))"
        }.joined(separator: ", ")
    }

    /// A JSON object or a form with its secret fields masked; anything else shown only by its size, since it
    /// may hold anything.
    static func body(_ data: Data) -> String {
        if data.isEmpty { return "" }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let masked = object.map { name, value in
                (name, secretFields.contains(name) ? "\(Secret("\(value)"))" : value)
            }
            let dictionary = Dictionary(uniqueKeysWithValues: masked)
            if let json = try? JSONSerialization.data(withJSONObject: dictionary, options: [.sortedKeys]) {
                return String(decoding: json, as: UTF8.self)
            }
        }
        if let fields = try? FormEncoding.decode(bytes: data), !fields.isEmpty, fields.allSatisfy({ !$0.name.isEmpty }) {
            return fields.map { secretFields.contains($0.name) ? "\($0.name)=\(Secret($0.value))" : "\($0.name)=\($0.value)" }
                .joined(separator: "&")
        }
        return "<\(data.count) bytes>"
    }
}
