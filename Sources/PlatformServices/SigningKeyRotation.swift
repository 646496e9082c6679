import Foundation
import Logging
import PlatformStore
import ServiceLifecycle

/// Automatic rotation of the keys that sign ID tokens (issue 16, item 3; `serve --signing-key-rotation`): once the
/// newest key has signed for `period` less `lead`, a new one is made and published, and it starts signing `lead`
/// later, when every client's cached key set (``lead`` covers a cache lifetime and the instances' lag) knows it.
/// ``[SigningKey]/published(at:overlap:)`` keeps the replaced key published until the tokens it signed have expired.
///
/// Every instance runs it; the store adds one key for a rotation however many instances try at once
/// (``SigningKeyStore/addSigningKey(_:unlessOneSignsFrom:)``), and the change feed publishes it everywhere.
package struct SigningKeyRotation: Service {
    /// The shortest period `serve --signing-key-rotation` accepts.
    package static let shortestPeriod: TimeInterval = 3600

    private let period: TimeInterval
    private let lead: TimeInterval
    private let store: any SigningKeyStore
    private let directory: PlatformDirectory
    private let vault: CredentialVault
    private let clock: WallClock
    private let checkInterval: Duration
    private let catchUp: @Sendable () async throws -> Void
    private let logger: Logger

    /// `catchUp` reads the change feed, so that this instance publishes the key it made at once.
    package init(
        period: TimeInterval, lead: TimeInterval, store: any SigningKeyStore, directory: PlatformDirectory, vault: CredentialVault,
        clock: WallClock, checkInterval: Duration = .seconds(60), catchUp: @escaping @Sendable () async throws -> Void, logger: Logger
    ) {
        self.period = period
        self.lead = lead
        self.store = store
        self.directory = directory
        self.vault = vault
        self.clock = clock
        self.checkInterval = checkInterval
        self.catchUp = catchUp
        self.logger = logger
    }

    /// When the key after the newest starts signing: `period` after the newest started.
    package static func nextStart(after keys: [SigningKey], period: TimeInterval) -> Date? {
        keys.inSigningOrder.last.map { $0.signsFrom.addingTimeInterval(period) }
    }

    /// Makes and publishes the next key when the newest is within `lead` of its period's end; returns it, or nil
    /// when nothing was due or another instance made it first.
    @discardableResult
    package func rotateIfDue() async throws -> SigningKey? {
        let now = clock.now()
        guard let due = Self.nextStart(after: directory.signingKeys, period: period), now >= due.addingTimeInterval(-lead) else {
            return nil
        }
        let key = try await SigningKeyFactory.makeRS256(vault: vault, now: now, signsFrom: max(due, now.addingTimeInterval(lead)))
        guard try await store.addSigningKey(key, unlessOneSignsFrom: due.addingTimeInterval(-lead)) else {
            try await catchUp()
            return nil
        }
        try await catchUp()
        logger.info(
            "New signing key published ahead of use",
            metadata: ["kid": "\(key.kid)", "signs_from": "\(key.signsFrom.formatted(.iso8601))"])
        return key
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await rotateIfDue()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("Could not rotate the signing key", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: checkInterval)
            }
        }
    }
}
