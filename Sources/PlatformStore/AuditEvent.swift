/// What a change writes to the audit trail before the store knows its object's client space: the action, its detail,
/// and who does it (``AuditActor/current`` when the change is asked for, read before the store's transaction runs on
/// another thread).
package struct AuditEvent: Hashable, Sendable {
    package var action: AuditAction
    package var detail: String?
    package var actor: AuditActor

    package init(_ action: AuditAction, detail: String? = nil, by actor: AuditActor = .current) {
        self.action = action
        self.detail = detail
        self.actor = actor
    }

    /// A subscription to `apiName` by the operator or with automatic approval, with the application's own limits when
    /// it has some: `weather (rate 10/second, quota 1000/day)`.
    package static func subscribed(to apiName: String, limits: Limits) -> AuditEvent {
        let own = [limits.rate.map { "rate \($0)" }, limits.quota.map { "quota \($0)" }].compactMap { $0 }
        return AuditEvent(.subscribed, detail: own.isEmpty ? apiName : "\(apiName) (\(own.joined(separator: ", ")))")
    }

    /// Version `version` of the terms of `apiName` accepted for a subscription: `weather v2`.
    package static func termsAccepted(_ apiName: String, version: String, by actor: AuditActor) -> AuditEvent {
        AuditEvent(.termsAccepted, detail: "\(apiName) v\(version)", by: actor)
    }

    /// A pending subscription to `apiName` approved, or rejected with `reason`: `weather: no production use yet`.
    package static func decided(_ apiName: String, approve: Bool, reason: String?, by actor: AuditActor) -> AuditEvent {
        approve
            ? AuditEvent(.subscriptionApproved, detail: apiName, by: actor)
            : AuditEvent(.subscriptionRejected, detail: reason.map { "\(apiName): \($0)" } ?? apiName, by: actor)
    }
}
