import Tracing

/// A child span of the request being served (issue 14, item 2): the drivers' database calls, bcrypt and the gateway's
/// upstream call run in one, so that a trace shows where a request's time went.
///
/// A span is started only inside a traced operation (a ``ServiceContext`` is current: the request's server span set
/// it): the change-feed follower's polls and the other background work, which run twice a second, would otherwise
/// each be a trace of their own. The tracer is the one the composition root made, `NoOpTracer` when tracing is off.
package enum ChildSpan {
    /// Runs `body` in a span named `name`, a child of the current one; an error `body` throws is recorded on the span.
    /// Outside a traced operation neither the name nor the attributes are computed.
    package static func run<Value>(
        _ name: @autoclosure () -> String, tracer: any Tracer, kind: SpanKind = .internal,
        attributes: @autoclosure () -> SpanAttributes = [:], isolation: isolated (any Actor)? = #isolation,
        _ body: (_ span: (any Span)?) async throws -> Value
    ) async rethrows -> Value {
        guard let parent = ServiceContext.current else { return try await body(nil) }
        let span = tracer.startSpan(name(), context: parent, ofKind: kind)
        // A span that is not sampled only carries the trace on: its attributes are not even computed.
        if span.isRecording {
            let attributes = attributes()
            if !attributes.isEmpty { span.updateAttributes { $0.merge(attributes) } }
        }
        defer { span.end() }
        do {
            return try await ServiceContext.$current.withValue(span.context) { try await body(span) }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    /// A database call in a client span named after the store's method that made it, such as `sqlite saveTokens(_:)`,
    /// with `db.system.name` (OpenTelemetry's semantic conventions): what the drivers' read and write primitives do.
    package static func database<Value>(
        _ system: String, function: String, tracer: any Tracer, isolation: isolated (any Actor)? = #isolation,
        _ call: () async throws -> Value
    ) async rethrows -> Value {
        try await run("\(system) \(function)", tracer: tracer, kind: .client, attributes: ["db.system.name": .string(system)]) { _ in
            try await call()
        }
    }
}
