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
        let elapsed = ContinuousClock.now - start
        let path = request.uri.path
        let routine = response.status == .ok && (path == "/healthz" || path == Readiness.path)
        let level: Logger.Level = routine ? .debug : .info
        // The line's metadata is built only when it is written (`--log-level warning` in bench/token-endpoint).
        guard context.logger.logLevel <= level else { return response }
        let facts = RequestFacts.current?.snapshot ?? RequestFacts.Snapshot()
        var metadata: Logger.Metadata = [
            "status": .stringConvertible(Int(response.status.code)),
            "duration_ms": .stringConvertible((elapsed / .microseconds(1)).rounded() / 1000),
            "route_class": .string(RouteClass(path: path, facts: facts).rawValue),
            "client": .string(context.clientAddress ?? "-"),
        ]
        if let clientID = facts.clientID { metadata["client_id"] = .string(clientID) }
        context.logger.log(level: level, "\(request.method) \(path) \(response.status.code)", metadata: metadata)
        return response
    }
}
