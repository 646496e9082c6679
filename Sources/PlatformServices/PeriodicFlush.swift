import Logging
import ServiceLifecycle

/// The loop of a service that keeps counts in memory and adds them to the store (`BatchedQuotaLimiter`,
/// `UsageRecorder`): `flush` every `interval` until a graceful shutdown, a failure logged as `failure` and retried at
/// the next turn, then one last `flush` whose failure is thrown.
package func flushPeriodically(
    every interval: Duration, logger: Logger, failure: Logger.Message, _ flush: @escaping @Sendable () async throws -> Void
) async throws {
    await cancelWhenGracefulShutdown {
        while (try? await Task.sleep(for: interval)) != nil {
            do {
                try await flush()
            } catch {
                logger.error(failure, metadata: ["error": "\(error)"])
            }
        }
    }
    try await flush()
}
