import Foundation
import Logging
import PlatformStore
import ServiceLifecycle

/// Deletes the digests of tokens, codes, single-use links and pushed authorization requests that expired more than `retention` ago, the change-feed rows older than
/// `retention` (always keeping the newest) and the limit counters of windows that ended, at start and then every
/// `interval`, so that the database does not grow with every token ever issued, every change ever made and every
/// key a guesser invented. An expired token is refused whether
/// its row exists or not; the retention only keeps recent rows for an administrator's inquiries, and lets a
/// follower that was stopped for less than `retention` catch up change by change (one that fell further behind
/// reloads everything: ``ChangeFeedFollower``). The audit trail keeps its entries ``auditRetention`` (one year, issue
/// 13, item 3).
///
/// Usage keeps hourly rows 90 days and daily rows (which hold the same calls) 2 years (issue 13, item 1).
package struct ExpiredRecordPruner: Service {
    /// How long the audit trail keeps an entry: one year.
    package static let auditRetention: TimeInterval = 365 * 86400

    /// How many rows one pass deleted.
    package struct Pruned: Hashable, Sendable {
        /// Expired tokens, codes, single-use links and pushed authorization requests.
        package var records: Int
        package var changes: Int
        package var counters: Int
        package var auditEntries: Int
        /// Hourly and daily usage rows deleted.
        package var usageHours: Int
        package var usageDays: Int
    }

    /// How long hourly usage rows are kept, and daily ones.
    package static let usageHourRetention: TimeInterval = 90 * 86_400
    package static let usageDayRetention: TimeInterval = 730 * 86_400

    private let store: any TokenStore & ChangeFeed & LimitCounterStore & AuditTrail & UsageStore
    private let clock: WallClock
    private let interval: Duration
    private let retention: TimeInterval
    private let logger: Logger

    package init(store: any TokenStore & ChangeFeed & LimitCounterStore & AuditTrail & UsageStore, clock: WallClock, interval: Duration = .seconds(3600), retention: TimeInterval = 86400, logger: Logger) {
        self.store = store
        self.clock = clock
        self.interval = interval
        self.retention = retention
        self.logger = logger
    }

    /// Deletes what expired, and the changes made, before `now - retention`; returns how many rows went.
    @discardableResult
    package func prune() async throws -> Pruned {
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-retention)
        // Whole days go, so that a day's hours are never half there.
        let usage = try await store.deleteUsage(
            hoursBefore: UsagePeriod.day.start(of: Int(now.addingTimeInterval(-Self.usageHourRetention).timeIntervalSince1970)),
            daysBefore: UsagePeriod.day.start(of: Int(now.addingTimeInterval(-Self.usageDayRetention).timeIntervalSince1970)))
        let pruned = Pruned(
            records: try await store.deleteExpired(before: cutoff), changes: try await store.deleteChanges(before: cutoff),
            counters: try await store.deleteLimitCounters(endingBefore: now),
            auditEntries: try await store.deleteAuditEntries(before: now.addingTimeInterval(-Self.auditRetention)),
            usageHours: usage.hours, usageDays: usage.days)
        if pruned.records > 0 { logger.info("Expired tokens, codes and links deleted", metadata: ["count": "\(pruned.records)"]) }
        if pruned.changes > 0 { logger.info("Old change-feed rows deleted", metadata: ["count": "\(pruned.changes)"]) }
        if pruned.auditEntries > 0 { logger.info("Audit entries older than a year deleted", metadata: ["count": "\(pruned.auditEntries)"]) }
        if pruned.usageHours + pruned.usageDays > 0 {
            logger.info("Old usage rows deleted", metadata: ["hours": "\(pruned.usageHours)", "days": "\(pruned.usageDays)"])
        }
        return pruned
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
                    logger.error("Could not delete expired tokens or old changes", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }
}
