import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// Pushed authorization requests (RFC 9126; issue 16, item 5): `POST /openidconnect/fr/v1/par` keeps a client's
/// authorization request and answers a `request_uri`, which `/authorize` later takes in place of the parameters.
///
/// - The client authenticates as at the token endpoint (§2), with its refusals (401 for bad credentials).
/// - The parameters are checked as `/authorize` checks them (§2.1: redirect_uri registered, response_type, scope,
///   PKCE…), and a mistake is a 400 with the error `/authorize` would have redirected (§2.3), never a redirect.
/// - `request_uri` among the pushed parameters is refused (§2.1); other methods than POST get 405 and a body over the
///   limit 413 (§2.3).
/// - The `request_uri` is random (256 bits), stored as a digest, bound to the client, usable once, for
///   ``OpenIDConfiguration/pushedRequestLifetime`` seconds (§2.2, §4), in the shared store so that any instance
///   takes it. An application has at most ``OpenIDConfiguration/maximumWaitingPushedRequests`` unused ones (429
///   beyond), so that none can fill the database.
extension OpenIDProvider {
    func pushAuthorizationRequest(_ request: Request) async -> Response {
        // §2.1: "The client sends the parameters … using the POST method"; §2.3 names 405 for any other.
        guard request.method == .post else { return Refusal.methodNotAllowed.response }
        do throws(Refusal) {
            let form = try await TokenRequest.read(request, maximumBodySize: configuration.maximumBodySize, requiresJSONAccept: false)
            let application = try await authenticator.authenticate(form).application
            guard form.parameters["request_uri"] == nil else {
                throw Refusal(.badRequest, OAuthError(.invalidRequest, "request_uri must not be pushed"))
            }
            // The client's secret is no parameter of the authorization request, and is never stored.
            var parameters = form.parameters.filter { $0.key != "client_secret" }
            parameters["client_id"] = application.clientID
            let fields = parameters.sorted { $0.key < $1.key }.map { FormEncoding.Field($0.key, $0.value) }
            switch AuthorizationRequest.validate(fields, directory: directory) {
            case .failure(.errorPage(let reason)):
                throw Refusal(.badRequest, OAuthError(.invalidRequest, reason))
            case .failure(.redirect(let error, _, _)):
                throw Refusal(.badRequest, error)
            case .success:
                return try await keepPushedRequest(fields, of: application)
            }
        } catch {
            return error.withoutFinalPeriod.response
        }
    }

    /// Stores the request under the digest of a new `request_uri` and answers it (§2.2: 201).
    private func keepPushedRequest(_ fields: [FormEncoding.Field], of application: ClientApplication) async throws(Refusal) -> Response {
        let random = RandomString.base64URL(byteCount: 32)
        let now = clock.now()
        let lifetime = configuration.pushedRequestLifetime
        let saved: Bool
        do {
            saved = try await store.savePushedRequest(
                PushedAuthorizationRequest(
                    digest: TokenDigest(of: random), applicationID: application.id, parameters: fields, createdAt: now,
                    expiresAt: now.addingTimeInterval(TimeInterval(lifetime))),
                unlessWaiting: configuration.maximumWaitingPushedRequests)
        } catch {
            logger.error("Could not keep a pushed authorization request", metadata: ["client_id": "\(application.clientID)", "error": "\(error)"])
            throw .internalError
        }
        guard saved else {
            throw Refusal.tooManyPushedRequests(retryAfter: lifetime).logged(
                by: logger, "Pushed authorization request refused", clientID: application.clientID, reason: "too many waiting")
        }
        logger.info("Authorization request pushed", metadata: ["client_id": "\(application.clientID)"])
        return .uncached(
            PushedAuthorizationResponse(requestURI: PushedAuthorizationResponse.requestURIPrefix + random, expiresIn: lifetime),
            status: .created)
    }

    /// The parameters `/authorize` goes on with: those it was sent, or, when they name a `request_uri`, the ones pushed
    /// under it, which it uses up (RFC 9126 §4: every other parameter is ignored). Nil when there was a `request_uri`
    /// that is not an unused, unexpired one of the `client_id` beside it; throws when the store fails.
    func authorizationParameters(_ fields: [FormEncoding.Field]) async throws -> (fields: [FormEncoding.Field], pushed: Bool)? {
        guard fields.contains(where: { $0.name == "request_uri" }) else { return (fields, false) }
        let requestURIs = fields.filter { $0.name == "request_uri" }, clientIDs = fields.filter { $0.name == "client_id" }
        guard requestURIs.count == 1, clientIDs.count == 1, requestURIs[0].value.hasPrefix(PushedAuthorizationResponse.requestURIPrefix),
            let application = directory.application(clientID: clientIDs[0].value), application.status == .active
        else {
            return nil
        }
        let random = requestURIs[0].value.dropFirst(PushedAuthorizationResponse.requestURIPrefix.count)
        guard
            let pushed = try await store.consumePushedRequest(
                digest: TokenDigest(of: random), applicationID: application.id, at: clock.now())
        else {
            return nil
        }
        return (pushed.parameters, true)
    }
}

extension Refusal {
    /// RFC 9126 §2.3: "405 … if the request did not use the POST method".
    static let methodNotAllowed = Refusal(.methodNotAllowed, OrangeError.methodNotAllowed, headers: [.allow: "POST"])

    /// An application with ``OpenIDConfiguration/maximumWaitingPushedRequests`` unused ones: the oldest frees a place
    /// within their lifetime.
    static func tooManyPushedRequests(retryAfter seconds: Int) -> Refusal {
        Refusal(
            .tooManyRequests,
            OrangeError.tooManyRequests.describing(
                "The application has too many pushed authorization requests waiting: use them, or wait until they expire."),
            headers: [.retryAfter: String(seconds)])
    }
}
