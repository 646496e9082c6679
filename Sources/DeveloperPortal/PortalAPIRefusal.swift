import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OAuthCore

/// An answer of the portal's JSON API other than success, with Orange's body `{"code","message","description"}`
/// (issue 12, item 4): a handler throws it instead of building a response in every `catch`.
struct PortalAPIRefusal: Error, Sendable {
    var status: HTTPResponse.Status
    var error: OrangeError
    var headers: HTTPFields = [:]

    func response() -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: error.jsonBody)))
    }

    /// The same refusal with a more specific description.
    func describing(_ description: String) -> PortalAPIRefusal {
        PortalAPIRefusal(status: status, error: error.describing(description), headers: headers)
    }
}

extension PortalAPIRefusal {
    /// RFC 6750 §3: no error code when the request carried no token at all.
    static let missingToken = PortalAPIRefusal(
        status: .unauthorized, error: .missingCredentials, headers: [.wwwAuthenticate: #"Bearer realm="Orangerie""#])
    static let unknownToken = invalidToken(OrangeError.invalidCredentials.describing("access token resource not found"))
    static let withdrawnConsent = invalidToken(.noConsent)
    static let expiredToken = invalidToken(.expiredCredentials)
    /// RFC 6750 §3.1 `insufficient_scope`: the token was not granted `portal`, or is an application's own (2-legged).
    static let portalScopeMissing = PortalAPIRefusal(
        status: .forbidden,
        error: OrangeError.accessDenied.describing(
            "The access token was not granted the portal scope: sign in with scope \"openid portal\"."),
        headers: [.wwwAuthenticate: #"Bearer realm="Orangerie", error="insufficient_scope", scope="portal""#])
    static let suspendedApplication = PortalAPIRefusal(status: .forbidden, error: .forbiddenRequester)
    /// The provider's console through the JSON API (issue 13, item 4) is for administrators only.
    static let notAnAdministrator = PortalAPIRefusal(
        status: .forbidden,
        error: OrangeError.forbiddenUser.describing("The user is no administrator of the platform: an operator makes one with orangerie user grant-admin."))
    static let notADeveloper = PortalAPIRefusal(
        status: .forbidden,
        error: OrangeError.forbiddenUser.describing("The user is no developer of the portal: sign up at /portal/signup first."))
    static let unverifiedDeveloper = PortalAPIRefusal(
        status: .forbidden,
        error: OrangeError.forbiddenUser.describing(
            "Verify your e-mail address first (follow the link sent at sign-up): until then no application can be created."))
    /// RFC 9470 §3: showing or renewing a secret needs a sign-in within the last 5 minutes.
    static func staleSignIn(maxAge: Int) -> PortalAPIRefusal {
        PortalAPIRefusal(
            status: .unauthorized,
            error: OrangeError.invalidCredentials.describing(
                "Showing or renewing a secret needs a password typed within the last \(maxAge / 60) minutes: sign in again with "
                    + "max_age=\(maxAge) (or prompt=login) and use the new access token."),
            headers: [
                .wwwAuthenticate:
                    #"Bearer realm="Orangerie", error="insufficient_user_authentication", error_description="A more recent sign-in is required", max_age=\#(maxAge)"#
            ])
    }
    /// Another developer's application answers this too, exactly as an unknown one.
    static let noSuchApplication = PortalAPIRefusal(
        status: .notFound, error: OrangeError.resourceNotFound.describing("There is no application with this client_id in your client space."))
    static let noSuchSubscription = PortalAPIRefusal(
        status: .notFound, error: OrangeError.resourceNotFound.describing("The application has no subscription to this API."))
    /// A partner or private API the caller does not see answers this too, exactly as an unknown one.
    static let noSuchAPI = PortalAPIRefusal(
        status: .notFound, error: OrangeError.resourceNotFound.describing("There is no API with this name in the catalog."))
    static let resourceNotFound = PortalAPIRefusal(status: .notFound, error: .resourceNotFound)
    static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> PortalAPIRefusal {
        PortalAPIRefusal(
            status: .methodNotAllowed, error: .methodNotAllowed, headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
    }
    static let unsupportedMediaType = PortalAPIRefusal(
        status: .unsupportedMediaType, error: OrangeError.unsupportedMediaType.describing("The request body must be application/json."))
    static let entityTooLarge = PortalAPIRefusal(status: .contentTooLarge, error: .entityTooLarge)
    static let missingBody = PortalAPIRefusal(status: .badRequest, error: .missingBody)
    static let invalidBody = PortalAPIRefusal(status: .badRequest, error: .invalidBody)
    static func missingBodyField(_ name: String) -> PortalAPIRefusal {
        PortalAPIRefusal(status: .badRequest, error: OrangeError.missingBodyField.describing("The member '\(name)' is required."))
    }
    static func invalidBodyField(_ description: String) -> PortalAPIRefusal {
        PortalAPIRefusal(status: .badRequest, error: OrangeError.invalidBodyField.describing(description))
    }
    static func invalidQueryParameter(_ description: String) -> PortalAPIRefusal {
        PortalAPIRefusal(status: .badRequest, error: OrangeError.invalidQueryParameter.describing(description))
    }
    /// 409: the request contradicts what exists (a subscription that is already active or waiting for approval).
    static func conflict(_ description: String) -> PortalAPIRefusal {
        PortalAPIRefusal(status: .conflict, error: OrangeError.invalidBodyField.describing(description))
    }
    static let internalError = PortalAPIRefusal(status: .internalServerError, error: .internalError)

    /// RFC 6750 §3.1 `invalid_token`, with Orange's body (seed 003, "Error management with access token").
    private static func invalidToken(_ error: OrangeError) -> PortalAPIRefusal {
        PortalAPIRefusal(status: .unauthorized, error: error, headers: [.wwwAuthenticate: #"Bearer realm="Orangerie", error="invalid_token""#])
    }
}
