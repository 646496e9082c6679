// README.md's ten lines ("Swift SDK and client commands") as an application of its own, depending on the
// `OAuthClient` product alone. Against `orangerie serve --demo`:
//
//   ORANGERIE_AUTHORIZATION_HEADER='<the printed header>' swift run --package-path Examples/ConsumerApp
import Foundation
import OAuthClient
import OAuthCore

guard let header = ProcessInfo.processInfo.environment["ORANGERIE_AUTHORIZATION_HEADER"] else {
    print("set ORANGERIE_AUTHORIZATION_HEADER to the Authorization header `orangerie serve --demo` printed")
    exit(64)
}
let tokens = ClientCredentialsTokenSource(
    tokenURL: URL(string: "http://127.0.0.1:8080/oauth/v3/token")!, credentials: try ClientCredentials(portalHeader: header)
).cached()
let api = AuthorizedClient(tokenSource: tokens)
let response = try await api.send(HTTPRequestMessage(url: URL(string: "http://127.0.0.1:8080/poi/v1/shops?postalCode=35000")!))
print(String(decoding: try response.ensureSuccess().body, as: UTF8.self))
