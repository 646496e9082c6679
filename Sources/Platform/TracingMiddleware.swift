import HTTPTypes
import Hummingbird
import Logging
import OTel
import PlatformServices
import PlatformStore
import Tracing

/// A server span for every request (issue 14, item 2), continuing the caller's trace when the request carries a
/// `traceparent` (W3C Trace Context), so that a gateway call is one trace from the client to the upstream. Added right
/// inside ``RequestFactsMiddleware`` when tracing is on; the request's logger carries the trace id as `trace_id`.
///
/// The span is named after the method and the ``RouteClass`` and says, once the response is made, what the handler
/// noted (``RequestFacts``): the application's client_id, the API, the outcome, the grant type; and the method and
/// status by OpenTelemetry's HTTP conventions. Never a path, a query, a header or a body: a path may hold a single-use
/// link's token, a header a credential.
struct TracingMiddleware: RouterMiddleware {
    let tracer: any Tracer

    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        var parent = ServiceContext.topLevel
        tracer.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let span = tracer.startSpan(request.method.rawValue, context: parent, ofKind: .server)
        defer { span.end() }
        // A span that is not sampled (`--trace-sampling` below 1) is only propagated: nothing is written on it, and the
        // log line names no trace that no collector will have.
        var context = context
        if span.isRecording, let traceID = span.context.otelTraceID { context.logger[metadataKey: "trace_id"] = .string(traceID) }
        do {
            let response = try await ServiceContext.$current.withValue(span.context) { try await next(request, context) }
            if span.isRecording { describe(span, request: request, status: response.status) }
            return response
        } catch {
            // Hummingbird answers an error that knows its response with it, anything else with a 500.
            if span.isRecording {
                describe(span, request: request, status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
                span.recordError(error)
            }
            throw error
        }
    }

    private func describe(_ span: any Span, request: Request, status: HTTPResponse.Status) {
        let facts = RequestFacts.current?.snapshot ?? RequestFacts.Snapshot()
        let routeClass = RouteClass(path: request.uri.path, facts: facts)
        span.operationName = "\(request.method.rawValue) \(routeClass.rawValue)"
        span.updateAttributes { attributes in
            attributes["http.request.method"] = request.method.rawValue
            attributes["http.response.status_code"] = Int64(status.code)
            attributes["orangerie.route_class"] = routeClass.rawValue
            attributes["orangerie.client_id"] = facts.clientID
            attributes["orangerie.api"] = facts.apiName
            attributes["orangerie.outcome"] = facts.outcome?.storedValue
            attributes["orangerie.grant_type"] = facts.grantType
        }
        // OpenTelemetry's HTTP server conventions: a 4xx is the client's doing, not the server's error.
        if status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
    }
}

/// Reads the trace context from the request's headers.
private struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from fields: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { fields[$0] }
    }
}
