import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

extension OpenIDProvider.Paths {
    /// RFC 8628 §3.1: where a device asks for a device code and a user code.
    package static let deviceAuthorization = base + "/device_authorization"
    /// RFC 8628 §3.3: the verification URI, where the user types the user code.
    package static let device = base + "/device"
    /// Where the device's consent page posts.
    package static let deviceConsent = base + "/device/consent"
}

/// `POST /openidconnect/fr/v1/device_authorization` (RFC 8628 §3.1–3.2, issue 16, item 6): the application
/// authenticates as at the token endpoint (the same ``ClientAuthenticator``), asks for a scope that `/authorize`
/// would accept, and gets a device code (random, 256 bits, kept as a digest), a user code (``UserCode``), the
/// verification URIs, `expires_in` and `interval`.
extension OpenIDProvider {
    func addDeviceAuthorizationRoutes<Context: ClientAddressRequestContext>(to router: Router<Context>) {
        // As at the token endpoint, another method is refused by ``TokenRequest/read(_:maximumBodySize:requiresJSONAccept:)``.
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options] {
            router.on(RouterPath(Paths.deviceAuthorization), method: method) { request, _ in await startDeviceAuthorization(request) }
        }
        router.get(RouterPath(Paths.device)) { request, _ in await verificationPage(request) }
        router.post(RouterPath(Paths.device)) { request, context in
            await verifyUserCode(request, clientAddress: context.clientAddress ?? "unknown")
        }
        router.post(RouterPath(Paths.deviceConsent)) { request, _ in await decideDeviceConsent(request) }
    }

    func startDeviceAuthorization(_ request: Request) async -> Response {
        var clientID: String?
        do {
            let tokenRequest = try await TokenRequest.read(request, maximumBodySize: configuration.maximumBodySize, requiresJSONAccept: false)
            let client = try await authenticator.authenticate(tokenRequest)
            let application = client.application
            clientID = application.clientID
            guard let scope = tokenRequest.parameters["scope"], !scope.isEmpty else { throw Refusal.missingParameters }
            guard let scopes = AuthorizationRequest.validScopes(scope, for: application, directory: directory) else {
                throw Refusal(.badRequest, OAuthError.scopeNotUnderstood)
            }
            guard directory.hasUsableSubscription(application) else { throw Refusal.notSubscribed }
            return .uncached(try await saveDeviceAuthorization(for: application, scope: scopes))
        } catch let refusal as Refusal {
            return refusal.withoutFinalPeriod.logged(by: logger, "Device authorization refused", clientID: clientID, reason: "refused").response
        } catch {
            logger.error("Device authorization failed", metadata: ["client_id": "\(clientID ?? "-")", "error": "\(error)"])
            return Refusal.internalError.response
        }
    }

    /// Saves a new pending request; a user code already taken (about one chance in 10⁸ with a thousand live ones) is
    /// drawn again.
    private func saveDeviceAuthorization(for application: ClientApplication, scope: Scopes) async throws -> DeviceAuthorizationResponse {
        let deviceCode = RandomString.base64URL(byteCount: 32)
        let now = clock.now()
        for attempt in 1...3 {
            let userCode = UserCode.random()
            do {
                try await store.saveDeviceAuthorization(
                    DeviceAuthorization(
                        deviceCodeDigest: TokenDigest(of: deviceCode), userCode: userCode, applicationID: application.id, scope: scope,
                        interval: configuration.devicePollingInterval, issuedAt: now,
                        expiresAt: now.addingTimeInterval(TimeInterval(configuration.deviceCodeLifetime))))
            } catch StoreError.conflict where attempt < 3 {
                continue
            }
            let verificationURI = issuer.baseURL + Paths.device
            let displayed = UserCode.displayed(userCode)
            return DeviceAuthorizationResponse(
                deviceCode: deviceCode, userCode: displayed, verificationURI: verificationURI,
                verificationURIComplete: verificationURI + "?" + FormEncoding.encode([.init("user_code", displayed)]),
                expiresIn: configuration.deviceCodeLifetime, interval: configuration.devicePollingInterval)
        }
        throw StoreError.conflict("no free user code")
    }
}
