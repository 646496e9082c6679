import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PlatformStore
import Tracing

/// Forwards a request to an API's upstream and streams the answer back (issue 3, "Routing").
///
/// Connections are pooled and kept alive by one `HTTPClient`; bodies are streamed both ways, never buffered
/// whole; hop-by-hop headers (RFC 9110 §7.6.1) and the client's `Authorization` stay at the gateway.
///
/// Inside a traced request the call to the upstream is a client span (issue 14, item 2), to the answer's head, and
/// the upstream gets a `traceparent` (W3C Trace Context) naming that span as its parent, in place of the client's,
/// so that its own spans join the trace. Tracing off, the client's `traceparent` goes on unchanged.
struct UpstreamProxy: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount
    let tracer: any Tracer

    init(client: HTTPClient, timeout: Duration, tracer: any Tracer) {
        self.client = client
        self.timeout = TimeAmount(timeout)
        self.tracer = tracer
    }

    /// Who is calling, as the upstream learns it from the `X-OAPI-*` headers.
    struct Caller {
        var clientID: String
        /// With a user's token (3-legged): the user's `sub`, as in the ID token and userinfo, and the scopes the
        /// user granted, so that an API can serve "my" resources. Nil for an application's own token.
        var subject: String?
        var scope: String?
        var requestID: String
        /// From the client to this server's peer: `X-Forwarded-For`.
        var forwardingChain: [String]
        var scheme: String
        var apiName: String

        /// What a header template's placeholder stands for (``HeaderTemplate/placeholders``).
        func value(of placeholder: String) -> String? {
            switch placeholder {
            case "client_id": clientID
            case "subject": subject
            case "scope": scope
            case "request_id": requestID
            case "api": apiName
            default: nil
            }
        }
    }

    /// What an API's policy asks of each call forwarded to its backend (issue 18).
    struct Rules {
        var authenticator: UpstreamAuthenticator
        var requestHeaders: HeaderRules
        var responseHeaders: HeaderRules
        /// For a body streamed as it comes: where it stops being forwarded.
        var maximumBodyBytes: Int?
    }

    /// The methods an API proxy forwards; `TRACE` and `CONNECT` are answered 405 code 61, as an upstream has no
    /// use for a gateway's echo or tunnel.
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// Largest upstream body read whole before it is sent on.
    static let smallBody = 64 * 1024

    /// Fields never forwarded in either direction: hop-by-hop ones.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade",
    ]

    /// Sends the request to `url`: with `readBody` when the gateway already read the client's body (to validate it),
    /// else streaming it as it comes.
    func forward(
        _ request: Request, body readBody: ByteBuffer?, to url: String, caller: Caller, rules: Rules
    ) async throws(UpstreamFailure) -> Response {
        var upstreamRequest = HTTPClientRequest(url: url)
        upstreamRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        upstreamRequest.headers = Self.upstreamHeaders(of: request.head, caller: caller, rules: rules.requestHeaders)
        let length = request.headers[.contentLength].flatMap(Int64.init)
        let clientBody = ClientRequestBody(request.body, expectedLength: length, maximumLength: rules.maximumBodyBytes)
        if let readBody {
            if readBody.readableBytes > 0 { upstreamRequest.body = .bytes(readBody) }
        } else if let length {
            if length > 0 { upstreamRequest.body = .stream(clientBody, length: .known(length)) }
        } else if request.headers[.transferEncoding] != nil {
            upstreamRequest.body = .stream(clientBody, length: .unknown)
        }
        let backendToken = try await rules.authenticator.authenticate(&upstreamRequest.headers)
        upstreamRequest.tlsConfiguration = rules.authenticator.tlsConfiguration
        let response: HTTPClientResponse
        do {
            response = try await ChildSpan.run(
                "upstream \(request.method.rawValue)", tracer: tracer, kind: .client, attributes: Self.spanAttributes(of: upstreamRequest)
            ) { span in
                if let span { tracer.inject(span.context, into: &upstreamRequest.headers, using: HeadersInjector()) }
                let response = try await client.execute(upstreamRequest, timeout: timeout)
                span?.attributes["http.response.status_code"] = Int64(response.status.code)
                return response
            }
        } catch {
            await clientBody.release()
            throw Self.failure(error, body: clientBody.outcome)
        }
        if response.status == .unauthorized, let backendToken { await rules.authenticator.forget(backendToken) }
        let headers = Self.clientHeaders(ofUpstream: response.headers, rules: rules.responseHeaders)
        let status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
        // A small body of known length is read whole: one write instead of a stream of them. Anything larger,
        // or of unknown length, is streamed as it comes. Either way the client's body is released once the answer
        // is complete, before Hummingbird reads what is left of it.
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length <= Self.smallBody {
            let answer: ByteBuffer
            do {
                answer = try await response.body.collect(upTo: Self.smallBody)
            } catch {
                await clientBody.release()
                throw .unreachable(error)
            }
            await clientBody.release()
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: answer))
        }
        return Response(
            status: status, headers: headers,
            body: ResponseBody { writer in
                do {
                    for try await part in response.body { try await writer.write(part) }
                } catch {
                    await clientBody.release()
                    throw error
                }
                await clientBody.release()
                try await writer.finish(nil)
            })
    }

    /// Why the upstream call failed: the client's body (broken, or past the limit), the deadline, or the upstream.
    private static func failure(_ error: any Error, body: ClientRequestBody<RequestBody>.Outcome) -> UpstreamFailure {
        if body.failed { return body.wasTooLarge ? .requestBodyTooLarge : .malformedRequestBody }
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout { return .timedOut }
        return .unreachable(error)
    }

    /// The request's fields as the upstream gets them: hop-by-hop ones, `Authorization`, `Host`, `Expect` and what the
    /// client says of its own forwarding and identity left out; `X-Forwarded-*`, the request id and the caller's
    /// identity added; then the API's header rules (issue 18).
    static func upstreamHeaders(of request: HTTPRequest, caller: Caller, rules: HeaderRules) -> HTTPHeaders {
        var headers = HTTPHeaders()
        let connection = request.headerFields[values: .connection].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for field in request.headerFields {
            let name = field.name.canonicalName
            switch name {
            // The gateway answers `Expect: 100-continue` itself; the upstream gets the body straight away. What
            // the client says of its own forwarding is replaced by what the platform believes. A DPoP proof, like the
            // token it proves, was for the gateway (RFC 9449 §7).
            case "authorization", "dpop", "host", "expect", "forwarded": continue
            case _ where name.hasPrefix("x-oapi-") || name.hasPrefix("x-forwarded-"): continue
            case _ where hopByHop.contains(name) || connection.contains(name): continue
            default: headers.add(name: field.name.rawName, value: field.value)
            }
        }
        if !caller.forwardingChain.isEmpty { headers.add(name: "X-Forwarded-For", value: caller.forwardingChain.joined(separator: ", ")) }
        headers.add(name: "X-Forwarded-Proto", value: caller.scheme)
        if let host = request.authority { headers.add(name: "X-Forwarded-Host", value: host) }
        headers.add(name: "X-OAPI-Request-Id", value: caller.requestID)
        headers.add(name: "X-OAPI-Client-Id", value: caller.clientID)
        if let subject = caller.subject { headers.add(name: "X-OAPI-Subject", value: subject) }
        if let scope = caller.scope { headers.add(name: "X-OAPI-Scope", value: scope) }
        rules.apply(to: &headers, filling: caller.value(of:))
        return headers
    }

    /// The upstream's answer's fields as the client gets them: without hop-by-hop ones and the upstream's own request
    /// id; then the API's header rules (issue 18).
    static func clientHeaders(ofUpstream upstream: HTTPHeaders, rules: HeaderRules) -> HTTPFields {
        var headers = HTTPFields()
        let connection = upstream[canonicalForm: "connection"].map { $0.lowercased() }
        for header in upstream {
            guard let name = HTTPField.Name(header.name), !dropped(name.canonicalName, connection: connection) else { continue }
            headers.append(HTTPField(name: name, value: header.value))
        }
        rules.apply(to: &headers)
        return headers
    }

    /// What the upstream call's span says (OpenTelemetry's HTTP client conventions): the method and the upstream's host
    /// and port, which the operator configured; never the client's path, query or headers.
    private static func spanAttributes(of request: HTTPClientRequest) -> SpanAttributes {
        var attributes: SpanAttributes = ["http.request.method": .string(request.method.rawValue)]
        if let url = URL(string: request.url), let host = url.host {
            attributes["server.address"] = host
            attributes["server.port"] = Int64(url.port ?? (url.scheme == "https" ? 443 : 80))
        }
        return attributes
    }

    /// Hop-by-hop fields, those the `Connection` field names, and the upstream's own request id; `name` is lowercase.
    private static func dropped(_ name: String, connection: [String]) -> Bool {
        hopByHop.contains(name) || name == "x-oapi-request-id" || connection.contains(name)
    }
}

/// Writes the trace context into the upstream request's headers, replacing what the client sent under the same name.
private struct HeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: key, value: value)
    }
}

/// Why an upstream gave no answer.
enum UpstreamFailure: Error {
    /// The client's own body was malformed or cut short: 400, the upstream is not to blame.
    case malformedRequestBody
    /// The client's chunked body grew past the API's limit: 413.
    case requestBodyTooLarge
    /// The backend's own authorization server gave the gateway no token: 503.
    case notAuthenticated(any Error)
    /// Refused, reset or unreachable: 503.
    case unreachable(any Error)
    /// No answer within the configured timeout: 504.
    case timedOut
}
