import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OAuthCore
import PlatformServices
import PlatformStore

/// The developer portal's JSON API at `/portal/api/v1` (issue 12, item 4): what the pages do, for automation (CI
/// pipelines that create applications and rotate secrets), described by ``PortalAPIDocument`` at
/// `/portal/api/v1/openapi.json`.
///
/// A call carries a user's access token of the platform's own provider (RFC 6750 §2.1, `Authorization: Bearer`)
/// granted the `portal` scope, from an active application, whose user is a developer; it sees that developer's
/// applications only. Showing or renewing a secret also needs a sign-in within 5 minutes (RFC 9470's `max_age`).
/// Every answer is JSON with `Cache-Control: no-store`; every refusal Orange's `{code, message, description}`.
struct PortalAPI: Sendable {
    static let base = "/portal/api/v1"
    static let documentPath = base + "/openapi.json"
    /// Every method a route answers, if only with 405.
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    let store: any DeveloperStore & ApplicationStore & AuditTrail & EndUserStore & UsageStore
    let provisioning: Provisioning
    let usage: UsageReader
    let verifier: AccessTokenVerifier
    let catchUp: @Sendable () async -> Void
    let clock: WallClock
    let configuration: PortalConfiguration
    let logger: Logger

    /// Who calls: the developer the token's user is, and the token (its `authTime` says how fresh the sign-in is).
    struct Caller: Sendable {
        var developer: Developer
        var token: IssuedToken
    }

    /// One authenticated call: the request, its caller and the path's parameters.
    struct Call: Sendable {
        var request: Request
        var caller: Caller
        var clientID: String
        var apiName: String

        var developer: Developer { caller.developer }
    }

    typealias Handler = @Sendable (Call) async throws -> Response

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let routes: [(String, [HTTPRequest.Method: Handler])] = [
            ("/applications", [.get: { try await applications($0) }, .post: { try await createApplication($0) }]),
            (
                "/applications/:clientID",
                [.get: { try await application($0) }, .patch: { try await changeApplication($0) }, .delete: { try await deleteApplication($0) }]
            ),
            ("/applications/:clientID/credentials", [.get: { try await credentials($0) }]),
            ("/applications/:clientID/secret", [.post: { try await renewSecret($0) }]),
            ("/applications/:clientID/activity", [.get: { try await activity($0) }]),
            ("/applications/:clientID/usage", [.get: { try await usage($0) }]),
            ("/applications/:clientID/subscriptions", [.get: { try await subscriptions($0) }, .post: { try await subscribe($0) }]),
            ("/applications/:clientID/subscriptions/:api", [.delete: { try await unsubscribe($0) }]),
            ("/apis", [.get: { try await catalog($0) }]),
            ("/apis/:api", [.get: { try await catalogAPI($0) }]),
            ("/activity", [.get: { try await spaceActivity($0) }]),
        ]
        register(routes, on: router) { request, parameters, handler in
            let caller = try await caller(of: request)
            // The developer is the actor of what the call changes (issue 13, item 3).
            return try await caller.developer.acting {
                try await handler(Call(request: request, caller: caller, clientID: parameters.get("clientID") ?? "", apiName: parameters.get("api") ?? ""))
            }
        }
        addConsoleRoutes(to: router)
        for method in Self.methods {
            router.on(RouterPath(Self.documentPath), method: method) { _, _ in
                method == .get ? PortalAPIDocument.response() : PortalAPIRefusal.methodNotAllowed(allowed: [.get]).response()
            }
            for path in [Self.base, Self.base + "/**"] {
                router.on(RouterPath(path), method: method) { _, _ in PortalAPIRefusal.resourceNotFound.response() }
            }
        }
    }

    /// Registers `routes` under ``base`` for every method of ``methods``: a method a route does not take is 405 with
    /// `Allow`; the others run their handler through `perform`, which authenticates the call and makes it.
    func register<Context: RequestContext, Made>(
        _ routes: [(String, [HTTPRequest.Method: @Sendable (Made) async throws -> Response])], on router: Router<Context>,
        perform: @escaping @Sendable (Request, Parameters, @Sendable (Made) async throws -> Response) async throws -> Response
    ) {
        for method in Self.methods {
            for (path, handlers) in routes {
                router.on(RouterPath(Self.base + path), method: method) { request, context in
                    await answer {
                        guard let handler = handlers[method] else {
                            throw PortalAPIRefusal.methodNotAllowed(allowed: Self.methods.filter { handlers[$0] != nil })
                        }
                        return try await perform(request, context.parameters, handler)
                    }
                }
            }
        }
    }

    /// Runs `work`, answering its refusal, a rule of ``Validation`` it broke (400, Orange's code 24), or 500 for anything
    /// unexpected (logged, never sent).
    private func answer(_ work: () async throws -> Response) async -> Response {
        do {
            return try await work()
        } catch let refusal as PortalAPIRefusal {
            return refusal.response()
        } catch let invalid as InvalidInput {
            return PortalAPIRefusal.invalidBodyField(invalid.description).response()
        } catch StoreError.notFound {
            // Changed by a concurrent call between the ownership check and the change.
            return PortalAPIRefusal.resourceNotFound.response()
        } catch StoreError.conflict(let what) {
            return PortalAPIRefusal.conflict(what).response()
        } catch {
            logger.error("Portal API call failed", metadata: ["error": "\(error)"])
            return PortalAPIRefusal.internalError.response()
        }
    }

    // MARK: Authentication

    /// RFC 6750: the bearer token's developer, or the refusal: 401 without a token (code 40) or with an invalid or
    /// expired one (41, 42); 403 for a token without the `portal` scope (50), from a suspended application (51), or
    /// whose user is no developer (52).
    private func caller(of request: Request) async throws -> Caller {
        let (subject, token) = try await portalUser(of: request)
        guard let developer = try await store.developer(subject: subject) else { throw PortalAPIRefusal.notADeveloper }
        return Caller(developer: developer, token: token)
    }

    /// RFC 6750: the subject of the bearer token's user and the token, or the refusal: 401 without a token (code 40) or
    /// with an invalid or expired one (41, 42); 403 for a token without the `portal` scope (50) or from a suspended
    /// application (51).
    func portalUser(of request: Request) async throws -> (subject: String, token: IssuedToken) {
        guard let token = AccessTokenVerifier.bearerToken(in: request.headers[values: .authorization]) else {
            throw PortalAPIRefusal.missingToken
        }
        switch try await verifier.verify(token) {
        case .unknown: throw PortalAPIRefusal.unknownToken
        case .noConsent: throw PortalAPIRefusal.withdrawnConsent
        case .expired: throw PortalAPIRefusal.expiredToken
        case .valid(let issued, let application, let subject):
            // An application's own token (2-legged) has no user, so no portal.
            guard let subject, Scopes(parsing: issued.scope ?? "").tokens.contains(Validation.portalScope) else {
                throw PortalAPIRefusal.portalScopeMissing
            }
            guard application.status == .active else { throw PortalAPIRefusal.suspendedApplication }
            return (subject, issued)
        }
    }

    /// RFC 9470 §3: the password was typed within ``PortalConfiguration/revealFreshness`` (5 minutes), as the
    /// Credentials tab asks. A refreshed token keeps its sign-in's time, so it is no fresher than the sign-in.
    func requireFreshSignIn(_ call: Call) throws {
        let maxAge = configuration.revealFreshness
        guard let authTime = call.caller.token.authTime, clock.now().timeIntervalSince(authTime) <= maxAge else {
            throw PortalAPIRefusal.staleSignIn(maxAge: Int(maxAge))
        }
    }

    /// The developer's application named by the path; 404 for another developer's, exactly as for an unknown one.
    func ownApplication(_ call: Call) async throws -> ClientApplication {
        guard let application = try await store.application(clientID: call.clientID, ownedBy: call.developer) else {
            throw PortalAPIRefusal.noSuchApplication
        }
        return application
    }

    // MARK: JSON

    /// The request's JSON body as `Body`: 415 for another media type (code 68), 413 beyond the portal's
    /// `maximumBodySize` (66), 400 for no body (21), malformed JSON or not an object (22), a missing member (23) or one
    /// of the wrong type (24). Unknown members are ignored.
    func body<Body: Decodable>(_ type: Body.Type, of request: Request) async throws -> Body {
        if let contentType = request.headers[.contentType], MediaType(from: contentType)?.isType(.applicationJson) != true {
            throw PortalAPIRefusal.unsupportedMediaType
        }
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: configuration.maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw PortalAPIRefusal.entityTooLarge
        } catch {
            throw PortalAPIRefusal(status: .badRequest, error: .badRequest)
        }
        guard bytes.readableBytes > 0 else { throw PortalAPIRefusal.missingBody }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView))
        } catch DecodingError.keyNotFound(let key, let context) {
            throw PortalAPIRefusal.missingBodyField(Self.memberPath(context.codingPath + [key]))
        } catch DecodingError.typeMismatch(let expected, let context) where !context.codingPath.isEmpty {
            let kind = expected == String.self ? "a string" : expected == [String].self ? "an array of strings" : "of another type"
            throw PortalAPIRefusal.invalidBodyField("The member '\(Self.memberPath(context.codingPath))' must be \(kind).")
        } catch DecodingError.valueNotFound(_, let context) where !context.codingPath.isEmpty {
            throw PortalAPIRefusal.invalidBodyField("The member '\(Self.memberPath(context.codingPath))' must not be null.")
        } catch {
            throw PortalAPIRefusal.invalidBody
        }
    }

    /// `redirect_uris[0]`.
    private static func memberPath(_ keys: [any CodingKey]) -> String {
        let path = keys.map { key in key.intValue.map { index in "[\(index)]" } ?? "." + key.stringValue }.joined()
        return String(path.drop { $0 == "." })
    }

    /// `body` as JSON: sorted keys, unescaped slashes, ISO 8601 times; never cached (RFC 9111 §5.2.2.5).
    func json(_ body: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let bytes = try encoder.encode(body)
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// 204: what DELETE answers.
    func noContent() -> Response {
        Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }
}
