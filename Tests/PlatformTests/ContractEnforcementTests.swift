import Foundation
import HTTPTypes
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 18, items 1 and 2: an API proxy enforcing its OpenAPI document (the demo's: `/shops`, `/shops/{id}` and
/// `POST /shops/{id}/appointments` with a JSON body), end to end against the test upstream's `/echo`.
@Suite struct ContractEnforcementTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let appointment = #"{"date":"2026-12-24","time":"10:30","topic":"new-line","name":"Camille Demo","partySize":2}"#

    /// The echo API documented with the demo's document, under `policy`.
    static func fixture(upstream: String, _ policy: GatewayPolicyChange) async throws -> GatewayTests.Fixture {
        let fixture = try await GatewayTests.Fixture(upstream: upstream)
        _ = try await fixture.admin.updateDocumentation(apiName: "echo", openAPI: DemoAPIDocument.openAPI)
        _ = try await fixture.admin.updateAPI(named: "echo", policy: policy)
        return fixture
    }

    /// The Orange code of a refusal and its description.
    static func refusal(_ answer: HTTPAnswer) throws -> (status: Int, code: Int?, description: String) {
        let body = try answer.json()
        return (answer.status.code, body["code"] as? Int, body["description"] as? String ?? "")
    }

    @Test func theDemoDocumentRefusesWhatItDoesNotDeclareAndPassesWhatItDoesUnchanged() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Self.fixture(upstream: upstream, GatewayPolicyChange(contract: .strict, requestValidation: .enforce))
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                func call(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil) async throws -> HTTPAnswer {
                    try await GatewayTests.call(platform, "/echo/v1" + path, token: token, method: method, headers: headers, body: body)
                }

                // Declared calls pass unchanged.
                let shops = try GatewayTests.echo(try await call(.get, "/shops?postalCode=35000"))
                #expect(shops.path == "/echo/up/shops" && shops.query == "postalCode=35000")
                let booked = try await call(.post, "/shops/rennes-centre/appointments", headers: Self.json, body: Self.appointment)
                #expect(booked.status == .ok)
                let echo = try GatewayTests.echo(booked)
                #expect(echo.path == "/echo/up/shops/rennes-centre/appointments" && echo.body == Self.appointment)
                #expect(echo.headers["content-type"] == "application/json")
                #expect(try await call(.get, "/shops/paris-opera").status == .ok)
                let head = try await call(.head, "/shops")
                #expect(head.status == .ok, "HEAD is GET's: \(head.status) \(head.headers)")

                // The resource set and the verbs.
                #expect(try Self.refusal(try await call(.get, "/stores")).code == 60)
                #expect(try Self.refusal(try await call(.get, "/shops/")).code == 60, "a trailing slash is another path")
                let wrongMethod = try await call(.delete, "/shops")
                #expect(try Self.refusal(wrongMethod).status == 405 && Self.refusal(wrongMethod).code == 61)
                #expect(wrongMethod.headers[.allow] == "GET, HEAD")
                #expect(try await call(.put, "/shops/rennes-centre/appointments").headers[.allow] == "POST")

                // Parameters and the body, each with its code and the first problem's pointer.
                let refusals: [(HTTPRequest.Method, String, HTTPFields, String?, Int, Int, String)] = [
                    (.get, "/shops?postalCode=Rennes", [:], nil, 400, 28, "postalCode"),
                    (.get, "/shops/Paris%20Op%C3%A9ra", [:], nil, 400, 20, "id"),
                    (.post, "/shops/rennes-centre/appointments", Self.json, nil, 400, 21, ""),
                    (.post, "/shops/rennes-centre/appointments", Self.json, "{not json", 400, 22, ""),
                    (.post, "/shops/rennes-centre/appointments", Self.json, #"["a list"]"#, 400, 22, ""),
                    (.post, "/shops/rennes-centre/appointments", Self.json, #"{"date":"2026-12-24","time":"10:30","name":"A"}"#, 400, 23, "/topic"),
                    (.post, "/shops/rennes-centre/appointments", Self.json, Self.appointment.replacingOccurrences(of: "2026-12-24", with: "2026-13-45"), 400, 24, "/date"),
                    (.post, "/shops/rennes-centre/appointments", Self.json, Self.appointment.replacingOccurrences(of: "\"partySize\":2", with: "\"partySize\":9"), 400, 24, "/partySize"),
                    (.post, "/shops/rennes-centre/appointments", Self.json, Self.appointment.replacingOccurrences(of: "\"partySize\":2", with: "\"partySize\":\"2\""), 400, 24, "/partySize"),
                    (.post, "/shops/rennes-centre/appointments", [.contentType: "text/plain"], "10:30 tomorrow", 415, 68, "application/json"),
                ]
                for (method, path, headers, body, status, code, pointer) in refusals {
                    let refusal = try Self.refusal(try await call(method, path, headers: headers, body: body))
                    #expect(refusal.status == status && refusal.code == code, "\(method) \(path) \(body ?? "")")
                    #expect(pointer.isEmpty || refusal.description.contains(pointer), "\(refusal.description) names \(pointer)")
                    #expect(body.map { !refusal.description.contains($0) } ?? true, "the client's value is never echoed")
                }
            }
        }
    }

    /// `report` forwards what does not conform and says what it found in the log; `open` forwards paths the document
    /// does not declare, and a document changed while the server runs is enforced at once.
    @Test func reportModeForwardsAndLogsWhileAnOpenContractStillValidatesWhatItKnows() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Self.fixture(upstream: upstream, GatewayPolicyChange(requestValidation: .report))
            let sink = LogSink()
            try await withPlatform(fixture.configuration, logger: sink.logger(.text)) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let invalid = #"{"date":"tomorrow","time":"10:30","topic":"new-line","name":"A"}"#
                let reported = try await GatewayTests.call(
                    platform, "/echo/v1/shops/rennes-centre/appointments", token: token, method: .post, headers: Self.json, body: invalid)
                #expect(reported.status == .ok)
                #expect(try GatewayTests.echo(reported).body == invalid)
                let line = sink.text.split(separator: "\n").first { $0.contains("Request does not conform") } ?? ""
                #expect(line.contains("/date") && line.contains("echo") && line.contains("POST /shops/{id}/appointments"), "\(line)")
                #expect(try await GatewayTests.call(platform, "/echo/v1/anything/else", token: token).status == .ok, "an open contract")

                _ = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(contract: .strict, requestValidation: .enforce))
                #expect(
                    try await eventually(within: .seconds(10)) {
                        try await GatewayTests.call(platform, "/echo/v1/anything/else", token: token).status == .notFound
                    })
            }
        }
    }

    /// `--max-body`: a declared length past it, or a chunked body growing past it, is 413 code 66, validated or not.
    @Test(arguments: [RequestValidation.off, .enforce]) func aBodyPastTheLimitIsRefused(validation: RequestValidation) async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Self.fixture(
                upstream: upstream, GatewayPolicyChange(requestValidation: validation, maximumBodyBytes: .some(256)))
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let path = "/echo/v1/shops/rennes-centre/appointments"
                let large = #"{"date":"2026-12-24","time":"10:30","topic":"new-line","name":"\#(String(repeating: "a", count: 300))"}"#
                let declared = try await GatewayTests.call(platform, path, token: token, method: .post, headers: Self.json, body: large)
                #expect(try Self.refusal(declared).status == 413 && Self.refusal(declared).code == 66)
                #expect(try await GatewayTests.call(platform, path, token: token, method: .post, headers: Self.json, body: Self.appointment).status == .ok)

                let chunk = String(repeating: "a", count: 200)
                let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                let chunked = head + (0..<3).map { _ in "c8\r\n\(chunk)\r\n" }.joined() + "0\r\n\r\n"
                let answer = try await RawConnection.with(port: platform.port) { connection in
                    try await connection.send(chunked)
                    return try await connection.read(until: "}", timeout: .seconds(15)) ?? ""
                }
                #expect(answer.hasPrefix("HTTP/1.1 413") && answer.contains(#""code":66"#), "\(answer.prefix(200))")
            }
        }
    }

    /// The operator learns at once, in words, why a strict contract cannot be enforced.
    @Test func aContractWithoutAWorkingDocumentIsRefusedWhenSet() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            await #expect {
                _ = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(contract: .strict))
            } throws: { error in
                String(describing: error).contains("need the API's OpenAPI document")
            }
            _ = try await fixture.admin.updateDocumentation(apiName: "echo", openAPI: DemoAPIDocument.openAPI)
            _ = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(contract: .strict))
            let broken = #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"parameters": [{"$ref": "other.yaml#/p"}]}}}}"#
            await #expect {
                _ = try await fixture.admin.updateDocumentation(apiName: "echo", openAPI: broken)
            } throws: { error in
                String(describing: error).contains("the gateway cannot enforce this OpenAPI document")
            }
            #expect(try await fixture.admin.documentation(apiName: "echo").openAPI == DemoAPIDocument.openAPI, "nothing changed")
        }
    }
}
