import Foundation
import PlatformServices
import PlatformStore

/// Reads what the usage pages and the JSON API show of one application (issue 13, item 2): its usage report, from the
/// rows the gateway and the token endpoints count, and what each quota has counted in its current window, from the
/// gateway's own limiter.
struct UsageReader: Sendable {
    /// What one subscription's quota counted in its current window.
    struct QuotaUse: Sendable {
        var apiName: String
        var allowance: Allowance
        var used: Int
        var resetsAt: Date
    }

    let store: any UsageStore & DeveloperStore & APIStore
    let limiter: any RateLimiter
    let clock: WallClock

    /// `window`'s report of the application, for the API `apiName` only when given ("" for the token endpoints).
    func report(clientID: String, window: UsageReport.Window, apiName: String?) async throws -> UsageReport {
        let now = clock.now()
        let rows = try await store.usage(clientID: clientID, apiName: apiName, in: window.starts(endingWith: now), per: window.period)
        return UsageReport(rows: rows, window: window, apiName: apiName, now: now)
    }

    /// The quota of each active subscription that has one, by API name.
    func quotas(clientID: String) async throws -> [QuotaUse] {
        let apis = Dictionary(try await store.apis().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var uses: [QuotaUse] = []
        for subscription in try await store.subscriptions(clientID: clientID) where subscription.status == .active {
            guard let api = apis[subscription.apiName],
                let quota = api.limits.overridden(by: subscription.limitOverride).quota
            else { continue }
            let used = try await limiter.used(key: GatewayLimit.quota.key(clientID: clientID, apiName: api.name), period: quota.period)
            let resetsAt = Date(timeIntervalSince1970: TimeInterval(quota.period.window(containing: clock.now()).end))
            uses.append(QuotaUse(apiName: api.name, allowance: quota, used: min(used, quota.count), resetsAt: resetsAt))
        }
        return uses.sorted { $0.apiName < $1.apiName }
    }
}
