import Hummingbird
import PlatformStore

/// Makes every request's changes the platform's, from the request's client address (the peer, or behind a trusted
/// proxy the client it names), for the audit trail (issue 13, item 3) — until a feature knows better: the portal its
/// developer, the account page its user. Runs after ``ClientAddressMiddleware``.
struct AuditActorMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        try await AuditActor.$current.withValue(.system(from: context.clientAddress)) { try await next(request, context) }
    }
}
