import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Both token endpoints write the tokens of concurrent requests in one transaction (issue 15, items 2 and 4), and
/// every 200 still means the token is committed: the requests wait for the commit that holds their tokens, and a
/// commit that fails fails them all.
@Suite struct TokenBatchingTests {
    static let parallel = 16

    /// Sends `count` requests at once with `send`, while the test holds the database's write lock; checks that none is
    /// answered before the lock is released, and returns the answers.
    static func answersAfterTheCommit(
        _ count: Int, lock: HeldWriteLock, _ send: @escaping @Sendable () async throws -> HTTPAnswer
    ) async throws -> [HTTPAnswer] {
        final class Count: Sendable { let value = Atomic(0) }
        let answered = Count()
        return try await withThrowingTaskGroup(of: HTTPAnswer.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let answer = try await send()
                    answered.value.add(1, ordering: .relaxed)
                    return answer
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(answered.value.load(ordering: .relaxed) == 0, "a token was answered before its commit")
            try await lock.release()
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Every answer is a 200 with an access token of its own, found in the database.
    static func expectDistinctPersistedTokens(_ answers: [HTTPAnswer], _ configuration: PlatformConfiguration) async throws {
        #expect(answers.allSatisfy { $0.status == .ok })
        let tokens = Set(try answers.compactMap { try $0.json()["access_token"] as? String })
        #expect(tokens.count == answers.count, "distinct tokens")
        let store = try await Platform.open(configuration).store
        for token in tokens { #expect(try await store.token(digest: TokenDigest(of: token)) != nil, "persisted") }
    }

    @Test func parallelClientCredentialsRequestsGetDistinctTokensOnceCommitted() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let header = app.credentials.authorizationHeader()
        try await withPlatform(configuration) { (platform) async throws in
            let lock = try await HeldWriteLock(path: configuration.database.argument)
            let answers = try await Self.answersAfterTheCommit(Self.parallel, lock: lock) {
                try await platform.token(authorization: header)
            }
            try await Self.expectDistinctPersistedTokens(answers, configuration)
        }
    }

    /// The first request's commit waits for the lock; the others queue behind it and are committed together, in a
    /// transaction that a trigger aborts at its fourth row: all of them are refused with Orange's internal error
    /// (code 1, 500), and none of their rows is left, not even the three written before the failure. On a loaded
    /// machine a request may reach the server late and commit alone, so what is asserted holds whatever the timing: a
    /// token is in the database exactly when its request was answered 200, and every other answer is that 500.
    @Test func aFailedCommitFailsEveryRequestOfItsBatchAndPersistsNone() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let header = app.credentials.authorizationHeader()
        try await withPlatform(configuration) { (platform) async throws in
            let lock = try await HeldWriteLock(path: configuration.database.argument)
            let first = Task { try await platform.token(authorization: header) }
            try await Task.sleep(for: .milliseconds(500))
            let batch = (0..<8).map { _ in Task { try await platform.token(authorization: header) } }
            try await Task.sleep(for: .seconds(1))
            try await lock.release(
                after: """
                    CREATE TRIGGER refuse_the_fifth_token BEFORE INSERT ON issued_tokens
                    WHEN (SELECT COUNT(*) FROM issued_tokens) >= 4
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                    """)
            var answers: [HTTPAnswer] = []
            for request in [first] + batch { answers.append(try await request.value) }
            let refused = answers.filter { $0.status != .ok }
            for answer in refused {
                #expect(answer.status == .internalServerError)
                let body = try answer.json()
                #expect(body["code"] as? Int == OrangeError.internalError.code)
                #expect(body["message"] as? String == OrangeError.internalError.message)
                #expect(body["description"] as? String == OrangeError.internalError.description)
            }
            #expect(try await lock.tokenCount() == answers.count - refused.count, "a token persisted exactly when answered 200")
            #expect(refused.count >= answers.count - 3, "the trigger lets three tokens in at most")
        }
    }

    /// Seed 003's token endpoint batches the same way: parallel refreshes of one refresh token.
    @Test func parallelRefreshesGetDistinctAccessTokensOnceCommitted() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let code = try await OpenIDTokenEndpointTests.code(platform, fixture)
            let refreshToken = try #require(
                try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code).json()["refresh_token"] as? String)
            let lock = try await HeldWriteLock(path: configuration.database.argument)
            let answers = try await Self.answersAfterTheCommit(Self.parallel, lock: lock) {
                try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: refreshToken)
            }
            try await Self.expectDistinctPersistedTokens(answers, configuration)
        }
    }
}
