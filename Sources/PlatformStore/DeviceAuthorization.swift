import Foundation
import OAuthCore

/// A device authorization request (RFC 8628 §3.1–3.2) as the store keeps it: by the digest of its device code, with
/// the user code the user types on the verification page (unique), the application that asked and the scope it
/// asked for, until the user decides (§3.3) and the device's polling (§3.4) takes the tokens, once.
package struct DeviceAuthorization: Hashable, Sendable {
    /// Where the request stands: `pending` until the user decides, `consumed` once the device got its tokens.
    package enum Status: String, Hashable, Sendable {
        case pending, approved, denied, consumed
    }

    package var deviceCodeDigest: TokenDigest
    /// The user code's 8 letters, without the dash (``UserCode``).
    package var userCode: String
    package var applicationID: String
    package var scope: Scopes
    package var status: Status
    /// What the user allowed; set when `status` is `approved` or `consumed`.
    package var approval: DeviceApproval?
    /// Seconds the device waits between polls (RFC 8628 §3.2 `interval`), 5 more after each `slow_down` (§3.5).
    package var interval: Int
    package var lastPolledAt: Date?
    package var issuedAt: Date
    package var expiresAt: Date

    package init(
        deviceCodeDigest: TokenDigest, userCode: String, applicationID: String, scope: Scopes, status: Status = .pending,
        approval: DeviceApproval? = nil, interval: Int, lastPolledAt: Date? = nil, issuedAt: Date, expiresAt: Date
    ) {
        self.deviceCodeDigest = deviceCodeDigest
        self.userCode = userCode
        self.applicationID = applicationID
        self.scope = scope
        self.status = status
        self.approval = approval
        self.interval = interval
        self.lastPolledAt = lastPolledAt
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// RFC 8628 §3.5: the answer to a poll at `now`, and the request as it must be saved after it (nil when the poll
    /// changes nothing). Pending requests polled sooner than `interval` after the previous poll answer `slow_down`,
    /// and their interval grows by 5 seconds "for this and all subsequent requests"; an approved request is consumed.
    /// Every driver applies this decision inside one transaction that holds the row.
    package func polled(at now: Date) -> (poll: DevicePoll, next: DeviceAuthorization?) {
        guard expiresAt > now else { return (.expired, nil) }
        var next = self
        next.lastPolledAt = now
        switch status {
        case .consumed: return (.consumed, nil)
        case .denied: return (.denied, nil)
        case .approved:
            next.status = .consumed
            return (.approved(next), next)
        case .pending:
            if let lastPolledAt, now.timeIntervalSince(lastPolledAt) < TimeInterval(interval) {
                next.interval += Self.slowDownIncrement
                return (.slowDown(interval: next.interval), next)
            }
            return (.pending, next)
        }
    }

    /// RFC 8628 §3.5: "the interval MUST be increased by 5 seconds".
    package static let slowDownIncrement = 5
}

/// The user's consent on the verification page (RFC 8628 §3.3): who, under which grant and its generation then (a
/// revocation after the consent revokes the device's tokens too), for which scope (the asked one, or less when the
/// user unticked some), from which sign-in and browser session (the ID token's `auth_time` and `sid`).
package struct DeviceApproval: Hashable, Sendable {
    package var userSubject: String
    package var grantID: String
    package var grantGeneration: Int
    package var scope: Scopes
    package var authTime: Date
    package var sessionID: String?

    package init(userSubject: String, grantID: String, grantGeneration: Int, scope: Scopes, authTime: Date, sessionID: String?) {
        self.userSubject = userSubject
        self.grantID = grantID
        self.grantGeneration = grantGeneration
        self.scope = scope
        self.authTime = authTime
        self.sessionID = sessionID
    }
}

/// What a device's poll of the token endpoint finds (RFC 8628 §3.5).
package enum DevicePoll: Hashable, Sendable {
    /// Approved, and consumed by this poll: the tokens may be issued, once.
    case approved(DeviceAuthorization)
    case pending
    /// Polled too soon; the new interval.
    case slowDown(interval: Int)
    case denied
    case expired
    /// Its tokens were already issued.
    case consumed
    /// No such device code for this application.
    case unknown
}

/// The device authorizations of RFC 8628, shared by every instance. Expired ones go with
/// ``TokenStore/deleteExpired(before:)``.
package protocol DeviceAuthorizationStore: Sendable {
    /// Saves a new request. A user code (or device code) already kept is ``StoreError/conflict(_:)``: the caller
    /// draws another.
    func saveDeviceAuthorization(_ authorization: DeviceAuthorization) async throws
    /// The pending request with this user code, unless it expired by `now`.
    func pendingDeviceAuthorization(userCode: String, at now: Date) async throws -> DeviceAuthorization?
    /// Records the user's decision (an approval, or nil for a denial) on a request still pending and unexpired at `now`,
    /// in one conditional update; false when it was not (decided meanwhile, expired, unknown).
    func decideDeviceAuthorization(userCode: String, approval: DeviceApproval?, at now: Date) async throws -> Bool
    /// One poll by the application `applicationID` (``DeviceAuthorization/polled(at:)``), in one transaction that
    /// holds the row: of concurrent polls of an approved request, exactly one gets ``DevicePoll/approved(_:)``.
    func pollDeviceAuthorization(digest: TokenDigest, applicationID: String, at now: Date) async throws -> DevicePoll
}
