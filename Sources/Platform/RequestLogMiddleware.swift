import Hummingbird
import Logging

/// Logs one line per request: method, path without the query (a query may carry a secret), status, duration
/// and the client's address (the one a trusted proxy names, if any). Headers are never logged. A load balancer's
/// successful health check, asked every second or so by each proxy, is logged at debug level only.
struct RequestLogMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let routine = response.status == .ok && request.uri.path == "/healthz"
        context.logger.log(
            level: routine ? .debug : .info, "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: [
                "duration_ms": "\((elapsed / .microseconds(1)).rounded() / 1000)", "client": "\(context.clientAddress ?? "-")",
            ])
        return response
    }
}
