import Foundation
import Logging
import ServiceLifecycle

/// Deletes the digests of tokens and codes that expired more than `retention` ago, at start and then every
/// `interval`, so that the database does not grow with every token ever issued. An expired token is refused
/// whether its row exists or not; the retention only keeps recent rows for an administrator's inquiries.
package struct ExpiredRecordPruner: Service {
    private let store: any TokenStore
    private let clock: WallClock
    private let interval: Duration
    private let retention: TimeInterval
    private let logger: Logger

    package init(store: any TokenStore, clock: WallClock, interval: Duration = .seconds(3600), retention: TimeInterval = 86400, logger: Logger) {
        self.store = store
        self.clock = clock
        self.interval = interval
        self.retention = retention
        self.logger = logger
    }

    /// Deletes what expired before `now - retention`; returns how many rows went.
    @discardableResult
    package func prune() async throws -> Int {
        let deleted = try await store.deleteExpired(before: clock.now().addingTimeInterval(-retention))
        if deleted > 0 { logger.info("Expired tokens and codes deleted", metadata: ["count": "\(deleted)"]) }
        return deleted
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await prune()
                    try await Task.sleep(for: interval)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("Could not delete expired tokens", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }
}
