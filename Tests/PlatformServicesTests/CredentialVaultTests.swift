import Crypto
import Foundation
import HummingbirdBcrypt
import PlatformServices
import PlatformStore
import PlatformStoreSQLite
import PlatformTesting
import Testing

@Suite struct CredentialVaultTests {
    let vault = CredentialVault(masterKey: SymmetricKey(size: .bits256))

    @Test func generatesLettersAndDigitsWithEnoughEntropy() throws {
        let (clientID, secret, _) = try vault.issueCredentials()
        #expect(clientID.count == 32)
        #expect(secret.count == 44)
        // 44 characters out of 62 carry 44 × log2(62) ≈ 262 bits, above the 256 issue 2 asks for.
        #expect(Double(secret.count) * log2(62) >= 256)
        #expect((clientID + secret).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(try vault.issueCredentials().clientID != clientID)
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func verifiesTheSecretAndNothingElse() throws {
        let (_, secret, stored) = try vault.issueCredentials()
        #expect(vault.verify(secret, against: stored, at: now) == .valid)
        #expect(vault.verify(secret + "x", against: stored, at: now) == .invalid)
        #expect(vault.verify("", against: stored, at: now) == .invalid)
        let otherVault = CredentialVault(masterKey: SymmetricKey(size: .bits256))
        #expect(otherVault.verify(secret, against: stored, at: now) == .invalid)
    }

    @Test func storesNoSecretInClear() throws {
        let (_, secret, stored) = try vault.issueCredentials()
        #expect(stored.secretDigest.count == 32)
        #expect(stored.secretDigest.range(of: Data(secret.utf8)) == nil)
        #expect(stored.sealedSecret.range(of: Data(secret.utf8)) == nil)
    }

    @Test func renewalMakesTheOldSecretOutdated() throws {
        let (clientID, old, stored) = try vault.issueCredentials()
        let (new, renewed) = try vault.renewSecret(for: clientID, replacing: stored)
        #expect(renewed.previousSecretValidUntil == nil)
        #expect(vault.verify(new, against: renewed, at: now) == .valid)
        #expect(vault.verify(old, against: renewed, at: now) == .outdated)
        let (_, renewedAgain) = try vault.renewSecret(for: clientID, replacing: renewed)
        #expect(vault.verify(old, against: renewedAgain, at: now) == .invalid)
    }

    /// Issue 12, "Renew the secret": the previous secret authenticates until the end of the grace period, then is
    /// seed 002's "out-of-date"; a second renewal forgets the one before.
    @Test func thePreviousSecretAuthenticatesUntilTheEndOfTheGracePeriod() throws {
        let (clientID, old, stored) = try vault.issueCredentials()
        let validUntil = now + 3600
        let (new, renewed) = try vault.renewSecret(for: clientID, replacing: stored, previousValidUntil: validUntil)
        #expect(renewed.previousSecretValidUntil == validUntil)
        #expect(vault.verify(new, against: renewed, at: now) == .valid)
        #expect(vault.verify(old, against: renewed, at: now) == .previous(validUntil: validUntil))
        #expect(vault.verify(old, against: renewed, at: validUntil - 0.001) == .previous(validUntil: validUntil))
        #expect(vault.verify(old, against: renewed, at: validUntil) == .outdated)
        #expect(vault.verify(old + "x", against: renewed, at: now) == .invalid)
        #expect(vault.verify(new, against: renewed, at: validUntil + 86400) == .valid)

        let (newest, renewedAgain) = try vault.renewSecret(for: clientID, replacing: renewed, previousValidUntil: now + 7200)
        #expect(vault.verify(newest, against: renewedAgain, at: now) == .valid)
        #expect(vault.verify(new, against: renewedAgain, at: now) == .previous(validUntil: now + 7200))
        #expect(vault.verify(old, against: renewedAgain, at: now) == .invalid)
    }

    /// A token of the generation a renewal replaced stands only during the grace period; older ones never.
    @Test func anApplicationHonoursTheReplacedGenerationDuringTheGraceOnly() throws {
        let (clientID, _, stored) = try vault.issueCredentials()
        var application = ClientApplication(
            id: "a", clientSpaceID: "s", email: "dev@example.com", name: "app", clientID: clientID, credential: stored, status: .active,
            redirectURIs: [], subscriptions: [], credentialGeneration: 3, createdAt: now, updatedAt: now)
        #expect(application.honours(credentialGeneration: 3, at: now))
        #expect(!application.honours(credentialGeneration: 2, at: now))
        application.credential = try vault.renewSecret(for: clientID, replacing: stored, previousValidUntil: now + 60).stored
        #expect(application.honours(credentialGeneration: 3, at: now))
        #expect(application.honours(credentialGeneration: 2, at: now + 59))
        #expect(!application.honours(credentialGeneration: 2, at: now + 60))
        #expect(!application.honours(credentialGeneration: 1, at: now))
    }

    @Test func revealsTheSecretToItsOwnClientOnly() throws {
        let (clientID, secret, stored) = try vault.issueCredentials()
        #expect(try vault.revealSecret(of: stored, clientID: clientID) == secret)
        #expect(throws: (any Error).self) { try vault.revealSecret(of: stored, clientID: "another") }
    }
}

@Suite struct EndUserProvisioningTests {
    @Test func keepsOnlyABcryptHashOfThePassword() async throws {
        let store = try SQLitePlatformStore(path: TemporaryDirectory().path + "/users.sqlite")
        let provisioning = Provisioning(store: store, vault: CredentialVault(masterKey: SymmetricKey(size: .bits256)), passwordCost: 4)
        let user = try await provisioning.createUser(
            username: "alice", password: "correct horse battery", claims: EndUserClaims(email: " Alice@Example.COM "))
        #expect(user.passwordHash.hasPrefix("$2"))
        #expect(!user.passwordHash.contains("correct horse"))
        #expect(Bcrypt.verify("correct horse battery", hash: user.passwordHash))
        #expect(!Bcrypt.verify("wrong horse battery", hash: user.passwordHash))
        #expect(user.claims.email == "alice@example.com")
        await #expect(throws: InvalidInput.self) { try await provisioning.createUser(username: "bob", password: "short") }
        await #expect(throws: InvalidInput.self) { try await provisioning.createUser(username: "b o b", password: "long enough") }
        await #expect(throws: InvalidInput.self) {
            try await provisioning.createUser(username: "bob", password: "long enough", claims: EndUserClaims(email: "nope"))
        }
    }
}
