import Foundation

/// The audit trail (issue 13, item 3): every change to a client space or an application, by whom, when and from
/// where, kept one year.
///
/// Rules every driver meets (each a contract test in `AuditTrailContractTests`):
/// - **Written in the transaction of the change it records**, by ``AuditActor/current`` as it was when the change was
///   asked for: a change that fails writes no entry, and no entry exists without its change.
/// - **Entries outlive their objects**: deleting an application keeps its trail (with a `deleted` entry).
/// - **Never a secret**: an entry names the action, never the secret, token or password it touched.
package protocol AuditTrail: Sendable {
    /// Writes `event` about the application `clientID`, for what changes nothing but must be traced: a secret shown.
    /// ``StoreError/notFound(_:)`` when there is no such application.
    func recordAudit(_ event: AuditEvent, clientID: String) async throws
    /// The entries `query` selects, newest first; entries of one instant in the reverse order of their writing.
    func auditTrail(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Deletes the entries written before `cutoff`; returns how many.
    func deleteAuditEntries(before cutoff: Date) async throws -> Int
}
