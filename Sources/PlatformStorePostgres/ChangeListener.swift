import Logging
import PostgresNIO

/// One dedicated connection that `LISTEN`s on ``channel`` and tells its consumer each time a notification arrives
/// (ARCHITECTURE.md, "Several instances": "`NOTIFY` after commit only wakes followers early").
///
/// A notification sent while the connection is down is lost, so the listener also yields each time it is (re)
/// connected; the follower then reads the feed, which is the truth. When the connection drops it reconnects after
/// a delay that doubles from `initialBackoff` up to `maximumBackoff`. It ends when its task is cancelled.
struct ChangeListener: Sendable {
    /// The channel every transaction that appends to the change feed notifies.
    static let channel = "orangerie_changes"

    var configuration: PostgresConnection.Configuration
    var logger: Logger
    var initialBackoff: Duration = .milliseconds(100)
    var maximumBackoff: Duration = .seconds(5)

    /// Listens until cancelled, calling `wake` after each (re)connection and each notification.
    func run(wake: @escaping @Sendable () -> Void) async {
        var backoff = initialBackoff
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: connectionID, logger: logger)
                backoff = initialBackoff
                do {
                    try await withTaskCancellationHandler {
                        try await connection.listen(on: Self.channel) { notifications in
                            wake()
                            for try await _ in notifications { wake() }
                        }
                    } onCancel: {
                        connection.close().whenComplete { _ in }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "The change notification connection failed; reconnecting",
                    metadata: ["error": "\(PostgresStoreError.map(error))", "retryIn": "\(backoff)"])
            }
            do {
                try await Task.sleep(for: backoff)
            } catch {
                return
            }
            backoff = min(backoff * 2, maximumBackoff)
        }
    }
}
