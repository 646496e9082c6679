import HTTPTypes
import Hummingbird
import Logging
import PlatformServices
import PlatformStore
import Synchronization

/// `X-OAPI-Request-Id`: the client's when it sent a usable one, otherwise one made here. Every response
/// carries it, it is forwarded upstream and logged (issue 3).
package enum RequestID {
    package static let field = HTTPField.Name("X-OAPI-Request-Id")!

    /// A random prefix per process and a counter: unique without a random draw per request.
    private static let prefix = RandomString.alphanumeric(count: 12)
    private static let counter = Atomic<UInt64>(0)

    static func generate() -> String {
        let next = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(next, radix: 36)
    }

    /// The id of a request: the one the client sent, if usable, else a new one.
    static func of(_ request: Request) -> String {
        of(request.headers)
    }

    static func of(_ fields: HTTPFields) -> String {
        if let sent = fields[field], isUsable(sent) { return sent }
        return generate()
    }

    /// Whether a client's id is kept: 1 to 128 of `A-Z a-z 0-9 - _ . :`, safe in a header, a log and a URL.
    package static func isUsable(_ sent: String) -> Bool {
        (1...128).contains(sent.utf8.count)
            && sent.utf8.allSatisfy({ byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.:".utf8.contains(byte)
            })
    }
}

/// The request context the gateway needs: the request's id and who sent it.
package protocol GatewayRequestContext: RequestContext {
    /// Set by ``RequestIDMiddleware`` before anything else runs.
    var requestID: String { get set }
    /// The addresses the request came through, from the client to this server's peer, each believed (only
    /// trusted proxies are): what the upstream gets as `X-Forwarded-For`.
    var forwardingChain: [String] { get }
}

/// Gives each request its id, in the context and the log metadata, and puts it on every response.
package struct RequestIDMiddleware<Context: GatewayRequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = RequestID.of(request)
        context.requestID = id
        context.logger[metadataKey: "request_id"] = "\(id)"
        var response = try await next(request, context)
        response.headers[RequestID.field] = id
        return response
    }
}
