import AuthorizationServer
import Foundation
import HTTPTypes
import JWTKit
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// ID token signing keys: published at the JWKS endpoint, rotated by `orangerie keys rotate` (issue 5, 6).
@Suite struct SigningKeyEndToEndTests {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    static func jwks(_ platform: RunningPlatform) async throws -> JWKS {
        let answer = try await platform.request(.get, KeyRing.jwksPath)
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/json")
        return try JSONDecoder().decode(JWKS.self, from: Data(answer.body.utf8))
    }

    @Test func publishesTheKeyThatSignsAndAJWTLibraryVerifiesWithIt() async throws {
        let configuration = testConfiguration()
        try await withPlatform(configuration) { (platform) async throws in
            let jwks = try await Self.jwks(platform)
            #expect(jwks.keys.count == 1)

            // Another instance on the same database signs; a JWT library verifies with the published keys only.
            let instance = try await Platform.open(configuration)
            let directory = PlatformDirectory()
            directory.update(signingKeys: try await instance.store.signingKeys())
            let ring = KeyRing(directory: directory, vault: instance.vault, overlap: 3600)
            let jwt = try await ring.sign(Claims(sub: "alice", exp: .init(value: Date() + 60)))
            let verifier = try await JWTKeyCollection().add(jwks: jwks)
            #expect(try await verifier.verify(jwt, as: Claims.self).sub.value == "alice")

            // After a rotation from another process, both keys are published and the new one signs.
            let rotated = try await OrangerieProcess.run(["keys", "rotate", "--database", configuration.database.argument])
            let newKid = try #require(try rotated.json()["kid"] as? String)
            #expect(try await eventually(within: .seconds(15)) { try await Self.jwks(platform).keys.count == 2 })
            directory.update(signingKeys: try await instance.store.signingKeys())
            let newJWT = try await ring.sign(Claims(sub: "bob", exp: .init(value: Date() + 60)))
            let header = try JSONSerialization.jsonObject(
                with: Data(base64Encoded: String(newJWT.split(separator: ".")[0]).padded())!) as? [String: Any]
            #expect(header?["kid"] as? String == newKid)
            #expect(header?["alg"] as? String == "RS256")
            let bothKeys = try await JWTKeyCollection().add(jwks: try await Self.jwks(platform))
            #expect(try await bothKeys.verify(newJWT, as: Claims.self).sub.value == "bob")
            #expect(try await bothKeys.verify(jwt, as: Claims.self).sub.value == "alice")
        }
    }
}

extension String {
    /// Base64url to padded Base64.
    fileprivate func padded() -> String {
        let base64 = replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }
}
