import Platform
import PlatformServices
import PlatformStore
import Testing

/// Issue 14: the class a request's metrics, span and JSON log line name.
struct RouteClassTests {
    @Test(arguments: [
        ("/oauth/v3/token", RouteClass.token), ("/openidconnect/fr/v1/token", .token),
        ("/openidconnect/fr/v1/authorize", .authorize), ("/openidconnect/fr/v1/authorize/continue", .authorize),
        ("/openidconnect/fr/v1/par", .authorize), ("/openidconnect/fr/v1/device_authorization", .authorize),
        ("/openidconnect/fr/v1/device", .login), ("/openidconnect/fr/v1/device/consent", .consent),
        ("/openidconnect/fr/v1/login", .login), ("/openidconnect/fr/v1/login/portal", .login),
        ("/openidconnect/fr/v1/consent", .consent), ("/openidconnect/fr/v1/userinfo", .userinfo),
        ("/openidconnect/v1/userinfo", .userinfo), ("/openidconnect/fr/v1/revoke", .revoke),
        ("/oauth/v3/introspect", .introspect), ("/openidconnect/fr/v1/introspect", .introspect),
        ("/portal", .portal), ("/portal/apps/3", .portal), ("/portalx", .gateway),
        ("/openidconnect/fr/v1/jwks", .other), ("/openidconnect/fr/v1/tokenx", .other), ("/healthz", .other),
        ("/.well-known/oauth-authorization-server/openidconnect/fr/v1", .other), ("/poi/v1/x", .gateway),
    ])
    func aPathHasItsClass(path: String, expected: RouteClass) {
        #expect(RouteClass(path: path, facts: RequestFacts.Snapshot()) == expected)
    }

    @Test func aCallTheGatewayCountedIsAGatewayCallWhateverItsPath() {
        let facts = RequestFacts()
        facts.noteCall(clientID: "", apiName: "portal-api", outcome: .success)
        #expect(RouteClass(path: "/portal/x", facts: facts.snapshot) == .gateway)
    }
}
