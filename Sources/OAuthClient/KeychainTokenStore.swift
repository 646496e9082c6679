#if canImport(Security)
import Foundation
import Security

/// A user's tokens in the Keychain, on Apple platforms (issue 6; seed 000: tokens in "secure storage").
///
/// Items are generic passwords of `service`, one per key, with the accessibility
/// `kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`: readable by a background refresh once the device has been
/// unlocked after a restart, never copied to a backup or another device. The client secret never goes here.
/// Within one process the ``CachingTokenSource``'s single flight makes one refresh; the Keychain has no lock
/// across processes (an app and its extensions): give each its own `service` or share tokens through one.
///
/// Not compiled on Linux, where this project is built and tested: exercise it on an Apple platform.
public final class KeychainTokenStore: TokenStore {
    public let service: String

    public init(service: String) {
        self.service = service
    }

    public func token(for key: String) async throws -> AccessToken? {
        var query = baseQuery(key)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let data = item as? Data else { throw Self.error(status, "read") }
        // An item this library cannot read (another version) is a cache miss, not an error.
        return try? JSONDecoder().decode(AccessToken.self, from: data)
    }

    public func save(_ token: AccessToken?, for key: String) async throws {
        guard let token else {
            let status = SecItemDelete(baseQuery(key) as CFDictionary)
            guard status == errSecSuccess || status == errSecItemNotFound else { throw Self.error(status, "delete") }
            return
        }
        let data = try JSONEncoder().encode(token)
        let attributes: [String: Any] = [
            kSecValueData as String: data, kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(baseQuery(key) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            status = SecItemAdd(baseQuery(key).merging(attributes) { $1 } as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw Self.error(status, "save") }
    }

    /// No lock across processes (see the type's documentation); within one, the single flight suffices.
    public func withLock<Value: Sendable>(for key: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        try await body()
    }

    private func baseQuery(_ key: String) -> [String: Any] {
        [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service, kSecAttrAccount as String: key]
    }

    private static func error(_ status: OSStatus, _ action: String) -> OAuthClientError {
        .invalidConfiguration("cannot \(action) the token in the Keychain (OSStatus \(status))")
    }
}
#endif
