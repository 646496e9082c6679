import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// Issue 14, item 3: `serve --log-format json`, one JSON object per line.
@Suite struct JSONLogTests {
    @Test func aTokenRequestsLineHasItsRequestIDRouteClassStatusDurationAndApplication() async throws {
        let sink = LogSink()
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let requestID = try await withPlatform(configuration, logger: sink.logger(.json)) { (platform) async throws in
            let answer = try await platform.token(authorization: app.credentials.authorizationHeader())
            #expect(answer.status == .ok)
            return try #require(answer.headers[HTTPField.Name("X-OAPI-Request-Id")!])
        }
        let line = try #require(sink.jsonLines.first { $0["message"] as? String == "POST /oauth/v3/token 200" })
        #expect(line["level"] as? String == "info")
        #expect(line["request_id"] as? String == requestID)
        #expect(line["route_class"] as? String == "token")
        #expect(line["status"] as? Int == 200)
        #expect((line["duration_ms"] as? Double).map { $0 >= 0 } == true)
        #expect(line["client_id"] as? String == app.credentials.clientID)
        #expect(line["client"] as? String == "127.0.0.1")
        let time = try #require(line["time"] as? String)
        let parsed = try Date(time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test func aCallNoApplicationMadeHasAGatewayLineWithoutClientID() async throws {
        let sink = LogSink()
        try await TestUpstream.withUpstream { upstream in
            let configuration = testConfiguration()
            _ = try await SeveralInstancesTests.provisionAPI(configuration, upstream: upstream)
            try await withPlatform(configuration, logger: sink.logger(.json)) { (platform) async throws in
                #expect(try await platform.request(.get, "/poi/v1/shops").status == .unauthorized)
            }
        }
        let line = try #require(sink.jsonLines.first { $0["message"] as? String == "GET /poi/v1/shops 401" })
        #expect(line["route_class"] as? String == "gateway")
        #expect(line["status"] as? Int == 401)
        #expect(line["client_id"] == nil)
    }
}
