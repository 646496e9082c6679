import Metrics
import PlatformServices

/// What the gateway measures of its upstreams, per API (issue 14, item 1; API names are bounded by registration):
/// the time to the upstream's response head, the calls that got none (timed out, or unreachable: refused, reset, DNS),
/// and the calls waiting for one.
///
/// The issue asks for open upstream connections: AsyncHTTPClient does not expose its connection pool, so
/// `orangerie_gateway_upstream_in_flight` (requests sent and not yet answered) is the nearest measure; each holds one
/// connection while it waits.
struct UpstreamMetrics: Sendable {
    private struct FailureKey: Hashable, Sendable {
        var api: String
        var kind: String
    }

    private let latency: MetricHandles<String, Timer>
    private let failures: MetricHandles<FailureKey, Counter>
    private let inFlight: MetricHandles<String, Meter>

    init(metrics: PlatformMetrics) {
        latency = MetricHandles { metrics.timer("orangerie_gateway_upstream_duration_seconds", [("api", $0)]) }
        failures = MetricHandles { metrics.counter("orangerie_gateway_upstream_errors_total", [("api", $0.api), ("kind", $0.kind)]) }
        inFlight = MetricHandles { metrics.gauge("orangerie_gateway_upstream_in_flight", [("api", $0)]) }
    }

    /// Runs `call` to `api`'s upstream, measuring it.
    func measure<Value>(
        api: String, _ call: () async throws(UpstreamFailure) -> Value
    ) async throws(UpstreamFailure) -> Value {
        let measurement = start(api: api)
        do {
            let value = try await call()
            measurement.answered()
            return value
        } catch {
            measurement.failed(error)
            throw error
        }
    }

    /// Starts measuring a call to `api`'s upstream: one of `answered()` or `failed(_:)` must follow, once.
    func start(api: String) -> Measurement {
        let waiting = inFlight[api]
        waiting.increment()
        return Measurement(api: api, metrics: self, waiting: waiting, started: .now)
    }

    /// One call to an upstream, from its start to its answer's head or its failure.
    struct Measurement {
        fileprivate let api: String
        fileprivate let metrics: UpstreamMetrics
        fileprivate let waiting: Meter
        fileprivate let started: ContinuousClock.Instant

        func answered() {
            waiting.decrement()
            metrics.latency[api].record(duration: ContinuousClock.now - started)
        }

        /// The client went away first: nothing to say of the upstream.
        func abandoned() {
            waiting.decrement()
        }

        func failed(_ failure: UpstreamFailure) {
            waiting.decrement()
            let kind: String
            switch failure {
            case .timedOut: kind = "timeout"
            case .unreachable: kind = "unreachable"
            case .notAuthenticated: kind = "authentication"
            case .malformedRequestBody, .requestBodyTooLarge: return  // the client's fault, not the upstream's
            }
            metrics.failures[FailureKey(api: api, kind: kind)].increment()
        }
    }
}
