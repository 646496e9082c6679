import Foundation
import OAuthCore

extension HTTPRequestMessage {
    /// A form POST that authenticates the client with Basic (RFC 6749 §2.3.1) and asks for JSON: what this library
    /// sends to a token, revocation (RFC 7009 §2.1) or introspection (RFC 7662 §2.1) endpoint. It follows no
    /// redirect, since its header and body carry secrets (``followsRedirects``).
    static func clientForm(
        to url: URL, credentials: ClientCredentials, basicEncoding: ClientCredentials.BasicEncoding = .raw, fields: [FormEncoding.Field]
    ) -> HTTPRequestMessage {
        HTTPRequestMessage(
            method: "POST", url: url,
            headers: [
                "Authorization": credentials.authorizationHeader(basicEncoding), "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            ],
            body: .bytes(Data(FormEncoding.encode(fields).utf8)), followsRedirects: false)
    }
}
