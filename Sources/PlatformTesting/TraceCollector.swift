import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A small OpenTelemetry collector for tracing tests (issue 14, item 2), on 127.0.0.1:0: it accepts OTLP/HTTP
/// `POST /v1/traces` in the JSON encoding (a server started with ``TracingConfiguration/ExportProtocol/httpJSON``)
/// and keeps the spans, decoded with Foundation.
package final class TraceCollector: Sendable {
    /// One span as the collector received it; ids in lower-case hex, attribute values as text.
    package struct Span: Sendable, CustomStringConvertible {
        package var traceID: String
        package var spanID: String
        /// Nil for a trace's root.
        package var parentSpanID: String?
        package var name: String
        /// OTLP's `SpanKind`: 2 server, 3 client.
        package var kind: Int
        package var attributes: [String: String]

        package static let server = 2
        package static let client = 3

        package var description: String {
            "\(name) [\(traceID)/\(spanID) ← \(parentSpanID ?? "-")] \(attributes)"
        }
    }

    private let received = Mutex<[Span]>([])

    /// Every span received so far.
    package var spans: [Span] { received.withLock { $0 } }

    /// Runs a collector for the duration of `body`, given the base URL to export to.
    package static func withCollector<Value: Sendable>(_ body: (_ endpoint: String, _ collector: TraceCollector) async throws -> Value)
        async throws -> Value
    {
        let collector = TraceCollector()
        let logger = Logger(label: "collector", factory: { _ in SwiftLogNoOpLogHandler() })
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 * 1024 * 1024)
            try collector.receive(Data(body.readableBytesView))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withRunning(application, ports: ports, logger: logger) { port in
            try await body("http://127.0.0.1:\(port)", collector)
        }
    }

    /// An `ExportTraceServiceRequest` in OTLP's JSON encoding: resourceSpans → scopeSpans → spans.
    private func receive(_ data: Data) throws {
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var spans: [Span] = []
        for resource in object["resourceSpans"] as? [[String: Any]] ?? [] {
            for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                for span in scope["spans"] as? [[String: Any]] ?? [] {
                    var attributes: [String: String] = [:]
                    for attribute in span["attributes"] as? [[String: Any]] ?? [] {
                        guard let key = attribute["key"] as? String, let value = attribute["value"] as? [String: Any] else { continue }
                        attributes[key] = value.values.first.map { "\($0)" }
                    }
                    let parent = Self.hex(span["parentSpanId"])
                    spans.append(
                        Span(
                            traceID: Self.hex(span["traceId"]), spanID: Self.hex(span["spanId"]), parentSpanID: parent.isEmpty ? nil : parent,
                            name: span["name"] as? String ?? "", kind: span["kind"] as? Int ?? 0, attributes: attributes))
                }
            }
        }
        received.withLock { $0.append(contentsOf: spans) }
    }

    /// An id as hex: OTLP/JSON says hex; protobuf's JSON mapping of `bytes`, which swift-otel uses, is base64.
    private static func hex(_ value: Any?) -> String {
        guard let text = value as? String, !text.isEmpty else { return "" }
        if text.count % 16 == 0, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return text }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
