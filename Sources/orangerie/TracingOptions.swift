import ArgumentParser
import Platform

/// Traces to an OpenTelemetry collector (issue 14, item 2): `serve`'s tracing flags.
struct TracingOptions: ParsableArguments {
    @Option(help: "OTLP/HTTP base URL of an OpenTelemetry collector (or Jaeger), e.g. http://127.0.0.1:4318: a span per request is sent to its /v1/traces (env ORANGERIE_OTLP_ENDPOINT; default none: tracing off).")
    var otlpEndpoint: String?

    @Option(help: "How spans are encoded: http/protobuf or http/json (env ORANGERIE_OTLP_PROTOCOL; default http/protobuf; OTEL_EXPORTER_OTLP_PROTOCOL, read by swift-otel, wins over both).")
    var otlpProtocol: String?

    @Option(help: "Share of new traces kept, 0 to 1; a request whose traceparent says its caller kept the trace is always kept (env ORANGERIE_TRACE_SAMPLING; default 1).")
    var traceSampling: Double?

    func configuration() throws -> TracingConfiguration {
        var configuration = TracingConfiguration()
        configuration.endpoint = otlpEndpoint ?? Environment.string("ORANGERIE_OTLP_ENDPOINT")
        if let name = otlpProtocol ?? Environment.string("ORANGERIE_OTLP_PROTOCOL") {
            guard let value = TracingConfiguration.ExportProtocol(rawValue: name) else {
                throw ArgumentParser.ValidationError("unknown OTLP protocol '\(name)': http/protobuf or http/json")
            }
            configuration.exportProtocol = value
        }
        configuration.samplingRatio =
            try traceSampling ?? Environment.parsed("ORANGERIE_TRACE_SAMPLING") { text in
                guard let ratio = Double(text) else { throw EnvironmentError("a number from 0 to 1, not '\(text)'") }
                return ratio
            } ?? configuration.samplingRatio
        return configuration
    }
}
