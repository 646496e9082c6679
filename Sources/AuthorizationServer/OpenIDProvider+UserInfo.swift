import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// UserInfo (OpenID Connect Core §5.3; seed 003's `GET https://api.orange.com/openidconnect/v1/userinfo`): the
/// user's claims by granted scope, `sub` equal to the ID token's. A DPoP-bound token needs the `DPoP` scheme and a
/// proof of its key (RFC 9449 §7).
extension OpenIDProvider {
    func userInfo(_ request: Request) async -> Response {
        guard let token = AccessTokenVerifier.presentedToken(in: request.headers[values: .authorization]) else {
            return Self.userInfoRefusal(.unauthorized, .missingCredentials, wwwAuthenticate: #"Bearer realm="Orangerie""#)
        }
        do {
            switch try await verifier.verify(token.value) {
            case .unknown:
                return Self.invalidToken(OrangeError.invalidCredentials.describing("access token resource not found"))
            case .noConsent:
                return Self.invalidToken(.noConsent)
            case .expired:
                return Self.invalidToken(.expiredCredentials)
            case .valid(let issued, let application, _):
                do {
                    try dpop.checkPossession(
                        of: issued, presented: token, proofs: request.headers[values: .dpop], method: request.method.rawValue,
                        url: issuer.url(of: request), requiresDPoP: false)
                } catch {
                    return Self.userInfoRefusal(
                        .unauthorized, OrangeError.invalidCredentials.describing(error.description), wwwAuthenticate: error.challenge)
                }
                guard application.status == .active else { return Self.invalidToken(.forbiddenRequester) }
                guard let grantID = issued.grantID, Scopes(parsing: issued.scope ?? "").tokens.contains("openid") else {
                    return Self.userInfoRefusal(
                        .forbidden, OrangeError.accessDenied.describing("The access token was not granted the openid scope."),
                        wwwAuthenticate: #"Bearer realm="Orangerie", error="insufficient_scope", scope="openid""#)
                }
                guard let grant = try await store.grant(id: grantID), let user = try await store.user(subject: grant.userSubject)
                else {
                    return Self.invalidToken(.noConsent)
                }
                let body = UserInfoClaims(user: user, scope: Scopes(parsing: issued.scope ?? ""))
                return Response(
                    status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                    body: ResponseBody(byteBuffer: JSONBody.encode(body)))
            }
        } catch {
            logger.error("UserInfo failed", metadata: ["error": "\(error)"])
            return Self.userInfoRefusal(.internalServerError, .internalError, wwwAuthenticate: nil)
        }
    }

    /// RFC 6750 §3.1 `invalid_token`, with Orange's body (seed 003, "Error management with access token").
    private static func invalidToken(_ error: OrangeError) -> Response {
        userInfoRefusal(.unauthorized, error, wwwAuthenticate: #"Bearer realm="Orangerie", error="invalid_token""#)
    }

    private static func userInfoRefusal(_ status: HTTPResponse.Status, _ error: OrangeError, wwwAuthenticate: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let wwwAuthenticate { headers[.wwwAuthenticate] = wwwAuthenticate }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: JSONBody.encode(error)))
    }
}

/// The claims released by scope (OpenID Connect Core §5.4): `profile` → name, given_name, family_name;
/// `email`; `address` → `{"formatted": …}`; `phone` → phone_number. Absent values are left out.
struct UserInfoClaims: Encodable {
    var sub: String
    var name: String?
    var givenName: String?
    var familyName: String?
    var email: String?
    var address: Address?
    var phoneNumber: String?

    struct Address: Encodable {
        var formatted: String
    }

    enum CodingKeys: String, CodingKey {
        case sub, name, email, address
        case givenName = "given_name"
        case familyName = "family_name"
        case phoneNumber = "phone_number"
    }

    init(user: EndUser, scope: Scopes) {
        sub = user.subject
        let claims = user.claims
        if scope.tokens.contains("profile") {
            name = claims.name
            givenName = claims.givenName
            familyName = claims.familyName
        }
        if scope.tokens.contains("email") { email = claims.email }
        if scope.tokens.contains("address") { address = claims.address.map(Address.init(formatted:)) }
        if scope.tokens.contains("phone") { phoneNumber = claims.phoneNumber }
    }
}
