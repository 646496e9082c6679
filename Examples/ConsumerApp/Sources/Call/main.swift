// Swift 6 with this platform's SDK: an executable target depending on
// .product(name: "OAuthClient", package: "orangerie"). Save as Sources/Call/main.swift, run: swift run
import Foundation
import OAuthClient
import OAuthCore

guard let clientSecret = ProcessInfo.processInfo.environment["CLIENT_SECRET"] else {  // never in the code
    print("export CLIENT_SECRET first")
    exit(64)
}
// Seed 002's client credentials token, kept until a minute before it expires, one request however many calls
// ask at once. The SDK sends Accept: application/json and Content-Type: application/x-www-form-urlencoded,
// checks the token answer's status and gives every request 30 seconds.
let tokens = ClientCredentialsTokenSource(
    tokenURL: URL(string: "http://127.0.0.1:8080/oauth/v3/token")!,
    credentials: ClientCredentials(clientID: "YOUR_CLIENT_ID", clientSecret: clientSecret)
).cached()
let api = AuthorizedClient(tokenSource: tokens)
let request = HTTPRequestMessage(
    method: "GET", url: URL(string: "http://127.0.0.1:8080/poi/v1/shops?postalCode=35000")!,
    headers: ["Accept": "application/json"])
do {
    print(String(decoding: try await api.send(request).ensureSuccess().body, as: UTF8.self))
} catch {
    print(error)  // the status, the error and the request id; the SDK never prints a secret
    exit(1)
}
