import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OAuthCore

/// The backend of the demo API: a few sample shops, so that seed 002's
/// `GET /poi/v1/shops?postalCode=35000` has something to answer through the gateway, and appointments to book in them,
/// which show the gateway enforcing the API's contract (issue 18). Served only with `--demo`.
enum DemoUpstream {
    static let path = "/demo-upstream/poi/v1"

    struct Shop: Encodable {
        var id: String
        var name: String
        var address: String
        var postalCode: String
        var city: String
    }

    static let shops = [
        Shop(id: "rennes-centre", name: "Boutique Orange Rennes Centre", address: "2 rue du Pré Botté", postalCode: "35000", city: "Rennes"),
        Shop(id: "rennes-colombia", name: "Boutique Orange Colombia", address: "Centre commercial Colombia", postalCode: "35000", city: "Rennes"),
        Shop(id: "paris-opera", name: "Boutique Orange Opéra", address: "1 place de l'Opéra", postalCode: "75009", city: "Paris"),
        Shop(id: "lyon-republique", name: "Boutique Orange République", address: "45 rue de la République", postalCode: "69002", city: "Lyon"),
    ]

    /// Where the demo application's browser flow lands: a plain-text page that shows the `code` (or the
    /// `error`) and how to exchange it, as the callback of a real application would.
    static let callbackPath = "/demo-upstream/callback"

    static func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(callbackPath)) { request, _ -> Response in
            let parameters = request.uri.queryParameters
            var lines = ["Orangerie demo application: the authorization server sent the browser back here.", ""]
            for name in ["code", "state", "scope", "iss", "error", "error_description"] {
                if let value = parameters[name[...]] { lines.append("\(name): \(value)") }
            }
            if let code = parameters["code"] {
                let redirectURI = "http://\(request.head.authority ?? "127.0.0.1")\(callbackPath)"
                lines += [
                    "", "Exchange the code within 10 minutes (seed 003, step 2), with the demo Authorization header:",
                    "curl -X POST -H \"Authorization: $DEMO_AUTHORIZATION\" -d \"grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(redirectURI))\" http://\(request.head.authority ?? "127.0.0.1")/openidconnect/fr/v1/token",
                ]
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store", .init("Referrer-Policy")!: "no-referrer"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
        router.get(RouterPath(path + "/shops")) { request, _ -> Response in
            let postalCode = request.uri.queryParameters["postalCode"].map(String.init)
            return try json(.ok, shops.filter { postalCode == nil || $0.postalCode == postalCode })
        }
        router.get(RouterPath(path + "/shops/:id")) { _, context -> Response in
            guard let shop = shop(context) else { return try json(.notFound, OrangeError.resourceNotFound) }
            return try json(.ok, shop)
        }
        // The gateway enforces the document (issue 18): what arrives here is a valid appointment.
        router.post(RouterPath(path + "/shops/:id/appointments")) { request, context -> Response in
            guard let shop = shop(context) else { return try json(.notFound, OrangeError.resourceNotFound) }
            let body = try await request.body.collect(upTo: 16 << 10)
            var appointment = try JSONDecoder().decode(Appointment.self, from: Data(body.readableBytesView))
            appointment.id = "a-" + String(UInt32.random(in: 1...UInt32.max))
            appointment.shopId = shop.id
            return try json(.created, appointment)
        }
    }

    struct Appointment: Codable {
        var id: String?
        var shopId: String?
        var date: String
        var time: String
        var topic: String
        var name: String
        var partySize: Int?
    }

    private static func shop(_ context: some RequestContext) -> Shop? {
        shops.first { $0.id == context.parameters.get("id") }
    }

    private static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
