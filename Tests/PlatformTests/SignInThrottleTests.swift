import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The login page's throttle counts failures only, and knows the real client behind a trusted proxy (issue 10,
/// item 4).
@Suite struct SignInThrottleTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// `count` users `user0`… with the password `password-N`, at bcrypt's lowest cost for speed.
    static func provisionUsers(_ count: Int, _ configuration: PlatformConfiguration) async throws -> ThreeLeggedFixture {
        let fixture = try await provisionThreeLegged(configuration)
        let platform = try await Platform.open(configuration)
        let provisioning = Provisioning(store: platform.store, vault: platform.vault, passwordCost: 4)
        for index in 0..<count {
            _ = try await provisioning.createUser(username: "user\(index)", password: "password-\(index)")
        }
        return fixture
    }

    /// Opens the login page as a new browser and signs in; returns the answer to the login form.
    static func signIn(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, username: String, password: String, from address: String? = nil
    ) async throws -> HTTPAnswer {
        let browser = Browser(platform)
        var headers: HTTPFields = [:]
        if let address { headers[forwardedFor] = address }
        let page = try await browser.get(
            OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)), headers: headers)
        let login = try #require(page.form(posting: "/login"))
        var fields = login.fields.map { FormEncoding.Field($0.name, ["username": username, "password": password][$0.name] ?? $0.value) }
        if !fields.contains(where: { $0.name == "username" }) { fields.append(.init("username", username)) }
        return try await browser.post(login.action, fields: fields, headers: headers)
    }

    @Test func aHundredPeopleSignInFromOneAddressWithinAMinute() async throws {
        var configuration = testConfiguration()
        configuration.clock = ManualClock(Date()).clock  // one calendar minute, however long the test takes
        let fixture = try await Self.provisionUsers(100, configuration)
        try await withPlatform(configuration) { (platform) async throws in
            for index in 0..<100 {
                let answer = try await Self.signIn(platform, fixture, username: "user\(index)", password: "password-\(index)")
                #expect(answer.status == .seeOther, "user\(index)")
            }
        }
    }

    @Test func theSixthWrongPasswordIsThrottledWhileOthersSignIn() async throws {
        var configuration = testConfiguration()
        configuration.clock = ManualClock(Date()).clock
        let fixture = try await Self.provisionUsers(3, configuration)
        try await withPlatform(configuration) { (platform) async throws in
            // A success clears the failures before it: four wrong, one right, five wrong again are all answered.
            for _ in 0..<4 { #expect(try await Self.signIn(platform, fixture, username: "user0", password: "wrong").status == .ok) }
            #expect(try await Self.signIn(platform, fixture, username: "user0", password: "password-0").status == .seeOther)
            for _ in 0..<5 { #expect(try await Self.signIn(platform, fixture, username: "USER0", password: "wrong").status == .ok) }
            let throttled = try await Self.signIn(platform, fixture, username: "user0", password: "password-0")
            #expect(throttled.status == .tooManyRequests)
            #expect((1...60).contains(Int(throttled.headers[.retryAfter] ?? "") ?? 0))
            #expect(try await Self.signIn(platform, fixture, username: "user1", password: "password-1").status == .seeOther)
            #expect(try await Self.signIn(platform, fixture, username: "user2", password: "password-2").status == .seeOther)
        }
    }

    @Test func behindATrustedProxyTheThrottleKeysOnTheRealClient() async throws {
        var configuration = testConfiguration()
        configuration.clock = ManualClock(Date()).clock
        configuration.trustedProxies = ["127.0.0.0/8"]
        let fixture = try await Self.provisionUsers(26, configuration)
        try await withPlatform(configuration) { (platform) async throws in
            // 100 failures from one client, 4 on each of 25 usernames so that no username's own limit is reached.
            for index in 0..<100 {
                let answer = try await Self.signIn(platform, fixture, username: "user\(index % 25 + 1)", password: "x", from: "203.0.113.9")
                #expect(answer.status == .ok)
            }
            let throttled = try await Self.signIn(platform, fixture, username: "user0", password: "password-0", from: "203.0.113.9")
            #expect(throttled.status == .tooManyRequests)
            // Whatever the client adds before the address the proxy saw, the proxy's entry names it.
            let disguised = try await Self.signIn(platform, fixture, username: "user0", password: "password-0", from: "198.51.100.4, 203.0.113.9")
            #expect(disguised.status == .tooManyRequests)
            // Another client behind the same proxy signs in.
            let elsewhere = try await Self.signIn(platform, fixture, username: "user0", password: "password-0", from: "198.51.100.4")
            #expect(elsewhere.status == .seeOther)
        }
    }

    @Test func fromAnUntrustedPeerForwardingHeadersAreIgnored() async throws {
        var configuration = testConfiguration()
        configuration.clock = ManualClock(Date()).clock
        let fixture = try await Self.provisionUsers(26, configuration)
        try await withPlatform(configuration) { (platform) async throws in
            for index in 0..<100 {
                let answer = try await Self.signIn(
                    platform, fixture, username: "user\(index % 25 + 1)", password: "x", from: "203.0.113.\(index)")
                #expect(answer.status == .ok)
            }
            // Each claimed a different address; all came from 127.0.0.1, which has had its 100 failures.
            let throttled = try await Self.signIn(platform, fixture, username: "user0", password: "password-0", from: "198.51.100.4")
            #expect(throttled.status == .tooManyRequests)
        }
    }
}
