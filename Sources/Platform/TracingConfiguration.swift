import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Traces (issue 14, item 2): where spans go, how they are encoded, and what share of new traces is kept. Off unless
/// an endpoint is given.
package struct TracingConfiguration: Sendable {
    /// How spans are encoded on their way to the collector: OTLP over HTTP only (swift-otel's `OTLPHTTP` trait; gRPC
    /// is not built).
    package enum ExportProtocol: String, Sendable, CaseIterable {
        case httpProtobuf = "http/protobuf"
        case httpJSON = "http/json"
    }

    /// The collector's OTLP/HTTP base URL, such as `http://127.0.0.1:4318`; spans are posted to its `/v1/traces`
    /// (unless the URL already ends so). Nil: tracing off, and nothing is exported.
    package var endpoint: String?
    package var exportProtocol = ExportProtocol.httpProtobuf
    /// The share of new traces kept, 0 to 1. The sampler is parent-based: a request whose `traceparent` says its
    /// caller kept the trace is always kept, and one whose caller dropped it is dropped (W3C Trace Context §3.2.2.5).
    package var samplingRatio = 1.0
    /// How long finished spans wait to be sent together (OpenTelemetry's default: 5 s); tests ask for less.
    package var exportDelay: Duration = .seconds(5)
    /// The resource's `service.name`.
    package var serviceName = "orangerie"

    package init() {}

    /// Where spans are posted: the endpoint's `/v1/traces` (the OTLP/HTTP path of traces).
    var tracesURL: String? {
        guard let endpoint else { return nil }
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        return base.hasSuffix("/v1/traces") ? base : base + "/v1/traces"
    }

    func validate() throws(ConfigurationError) {
        guard (0...1).contains(samplingRatio) else { throw ConfigurationError("the trace sampling ratio must be between 0 and 1") }
        if let endpoint {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false
            else {
                throw ConfigurationError("the OTLP endpoint must be an http(s) URL, such as http://127.0.0.1:4318")
            }
        }
    }

    /// The tracer every span of this server is made by, and the service that exports its spans (its graceful
    /// shutdown sends the last ones); `NoOpTracer` and no service when tracing is off. Nothing global is set: each
    /// server has its own tracer (ARCHITECTURE.md, "no globals"). swift-otel applies the standard `OTEL_*` variables
    /// (such as `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_TRACES_SAMPLER`, `OTEL_RESOURCE_ATTRIBUTES`) over these settings.
    func makeBackend(logger: Logger) throws -> (tracer: any Tracer, service: (any Service)?) {
        guard let tracesURL else { return (NoOpTracer(), nil) }
        var otel = OTel.Configuration.default
        otel.serviceName = serviceName
        otel.diagnosticLogger = .custom(logger)
        otel.diagnosticLogLevel = .warning
        otel.logs.enabled = false
        otel.metrics.enabled = false
        otel.propagators = [.traceContext]
        otel.traces.sampler = .parentBasedTraceIDRatio(ratio: samplingRatio) ?? .parentBasedAlwaysOn
        otel.traces.batchSpanProcessor.scheduleDelay = exportDelay
        // A collector that does not answer must not hold a graceful stop past its last flush's allowance.
        otel.traces.batchSpanProcessor.exportTimeout = .seconds(3)
        otel.traces.otlpExporter.endpoint = tracesURL
        otel.traces.otlpExporter.protocol = exportProtocol == .httpJSON ? .httpJSON : .httpProtobuf
        let backend = try OTel.makeTracingBackend(configuration: otel)
        return (backend.factory, backend.service)
    }
}
