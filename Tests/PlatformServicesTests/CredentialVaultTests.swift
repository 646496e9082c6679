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

    @Test func verifiesTheSecretAndNothingElse() throws {
        let (_, secret, stored) = try vault.issueCredentials()
        #expect(vault.verify(secret, against: stored) == .valid)
        #expect(vault.verify(secret + "x", against: stored) == .invalid)
        #expect(vault.verify("", against: stored) == .invalid)
        let otherVault = CredentialVault(masterKey: SymmetricKey(size: .bits256))
        #expect(otherVault.verify(secret, against: stored) == .invalid)
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
        #expect(vault.verify(new, against: renewed) == .valid)
        #expect(vault.verify(old, against: renewed) == .outdated)
        let (_, renewedAgain) = try vault.renewSecret(for: clientID, replacing: renewed)
        #expect(vault.verify(old, against: renewedAgain) == .invalid)
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
