import Hummingbird
import PlatformServices

/// Gives each request its ``RequestFacts``, for the middlewares inside it to read once the response is made. The
/// outermost middleware.
struct RequestFactsMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        try await RequestFacts.$current.withValue(RequestFacts()) { try await next(request, context) }
    }
}
