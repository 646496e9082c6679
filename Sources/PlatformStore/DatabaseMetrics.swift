import Metrics

/// What a driver measures of its database calls (issue 14, item 1), at the narrowest point every driver has: its one
/// read and one transaction helper, through which each store method goes. `orangerie_database_call_duration_seconds`
/// and `orangerie_database_errors_total`, by `driver` (sqlite, postgres) and `kind` (read, write); a method's name is
/// not a label, to keep the series few. The factory is the server's (``PlatformMetrics`` holds the same one); a store
/// opened for a command measures nothing.
package struct DatabaseMetrics: Sendable {
    private let readDuration: Timer
    private let writeDuration: Timer
    private let readErrors: Counter
    private let writeErrors: Counter

    package init(driver: String, factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        let duration = { Timer(label: "orangerie_database_call_duration_seconds", dimensions: [("driver", driver), ("kind", $0)], factory: factory) }
        let errors = { Counter(label: "orangerie_database_errors_total", dimensions: [("driver", driver), ("kind", $0)], factory: factory) }
        (readDuration, writeDuration) = (duration("read"), duration("write"))
        (readErrors, writeErrors) = (errors("read"), errors("write"))
    }

    /// Runs `call`, a read (`writes` false) or a transaction, measuring it.
    package func measure<Value>(writes: Bool, _ call: () async throws -> Value) async throws -> Value {
        let started = ContinuousClock.now
        do {
            let value = try await call()
            (writes ? writeDuration : readDuration).record(duration: ContinuousClock.now - started)
            return value
        } catch {
            (writes ? writeErrors : readErrors).increment()
            throw error
        }
    }
}
