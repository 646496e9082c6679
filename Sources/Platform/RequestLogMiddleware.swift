import HTTPTypes
import Hummingbird
import Logging
import PlatformServices

/// Logs one line per request: method, path without the query (a query may carry a secret) and status; with, as
/// metadata, the status, the duration, the ``RouteClass``, the client's address (the one a trusted proxy names, if
/// any) and, once the handler knew it, the application's client_id (``RequestFacts``). The request id (and the trace
/// id when tracing is on) come from the context's logger. Headers and bodies are never logged. A load balancer's
/// successful health or readiness check, asked every second or so by each proxy, is logged at debug level only.
struct RequestLogMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        Self.log(
            method: request.method, path: request.uri.path, status: Int(response.status.code), elapsed: .now - start,
            facts: RequestFacts.current?.snapshot ?? RequestFacts.Snapshot(), client: context.clientAddress, logger: context.logger)
        return response
    }

    /// Debug for a load balancer's successful health or readiness check, info for any other request.
    static func level(path: String, status: Int) -> Logger.Level {
        status == 200 && (path == "/healthz" || path == Readiness.path) ? .debug : .info
    }

    /// The line of one request; also the channel data path's (``GatewayDataPath/FinishedCall``).
    static func log(
        method: HTTPRequest.Method, path: String, status: Int, elapsed: Duration, facts: RequestFacts.Snapshot, client: String?,
        logger: Logger
    ) {
        let level = level(path: path, status: status)
        guard logger.logLevel <= level else { return }  // the metadata is built only for a line written
        var metadata: Logger.Metadata = [
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((elapsed / .microseconds(1)).rounded() / 1000),
            "route_class": .string(RouteClass(path: path, facts: facts).rawValue),
            "client": .string(client ?? "-"),
        ]
        if let clientID = facts.clientID { metadata["client_id"] = .string(clientID) }
        logger.log(level: level, "\(method) \(path) \(status)", metadata: metadata)
    }
}
