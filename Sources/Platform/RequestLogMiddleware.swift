import Hummingbird
import Logging

/// Logs one line per request: method, path without the query (a query may carry a secret), status and
/// duration. Headers are never logged.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["duration_ms": "\((elapsed / .microseconds(1)).rounded() / 1000)"])
        return response
    }
}
