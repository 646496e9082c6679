import Logging
import PlatformStore
import ServiceLifecycle

/// Keeps a ``PlatformDirectory`` in step with the store: loads everything at start, then reads the change
/// feed every `interval`, and at once whenever the store signals a commit, and reloads what changed. Changes made
/// by another process (the CLI, a second instance) are seen within one interval, or as soon as the signal arrives
/// (PostgreSQL's `NOTIFY`); changes made in this process are applied at once by calling ``catchUp()`` after them.
/// The feed stays the truth: a signal only wakes the follower early, and a lost one costs one interval.
package actor ChangeFeedFollower: Service {
    private let store: any ApplicationStore & APIStore & DeveloperStore & SigningKeyStore & ChangeFeed
    private let directory: PlatformDirectory
    private let consents: ConsentCache
    private let interval: Duration
    private let wakeUps: (@Sendable () -> AsyncStream<Void>)?
    private let logger: Logger
    private var lastSequence: Int64 = 0
    /// How far behind the feed the last read found this follower (issue 14).
    package nonisolated let lag = ChangeFeedLag()

    package init(
        store: any ApplicationStore & APIStore & DeveloperStore & SigningKeyStore & ChangeFeed, directory: PlatformDirectory, consents: ConsentCache = ConsentCache(), interval: Duration,
        wakeUps: (@Sendable () -> AsyncStream<Void>)? = nil, logger: Logger
    ) {
        self.store = store
        self.directory = directory
        self.consents = consents
        self.interval = interval
        self.wakeUps = wakeUps
        self.logger = logger
    }

    /// Loads the whole directory. The feed position is read first, so a change racing with the load is
    /// replayed by the next ``catchUp()`` rather than missed.
    package func loadAll() async throws {
        let sequence = try await store.latestChangeSequence()
        async let applications = store.applications()
        async let apis = store.apis()
        async let signingKeys = store.signingKeys()
        let apiList = try await apis
        var contracts: [String: LoadedContract] = [:]
        for api in apiList { contracts[api.name] = try await LoadedContract.load(for: api, from: store) }
        directory.replaceAll(applications: try await applications, apis: apiList, contracts: contracts)
        directory.update(signingKeys: try await signingKeys)
        lastSequence = sequence
    }

    /// Reloads every record changed since the last call. When the feed no longer holds the changes that followed
    /// the last one applied (the ``ExpiredRecordPruner`` deleted them), reloads everything instead and forgets
    /// the consents it cached.
    package func catchUp() async throws {
        while true {
            let changes = try await store.changes(after: lastSequence, limit: 500)
            guard let first = changes.first, let last = changes.last else {
                lag.caughtUp()
                return
            }
            lag.found(changes.count)
            // A gap may be sequences never committed (PostgreSQL's) or changes pruned: only the oldest kept change
            // can tell, and it is read only when there is a gap.
            if first.sequence > lastSequence + 1, try await store.oldestChangeSequence() > lastSequence + 1 {
                logger.warning("The change feed was pruned past this instance's position: reloading everything")
                try await loadAll()
                consents.forgetAll()
                continue
            }
            var seen = Set<String>()
            for change in changes where seen.insert("\(change.entity.rawValue)/\(change.key)").inserted {
                switch change.entity {
                case .application:
                    directory.update(application: try await store.application(clientID: change.key), clientID: change.key)
                case .api:
                    let api = try await store.api(named: change.key)
                    var contract: LoadedContract?
                    if let api { contract = try await LoadedContract.load(for: api, from: store) }
                    directory.update(api: api, name: change.key, contract: contract)
                case .user:
                    consents.forget(userSubject: change.key)
                case .grant:
                    consents.forget(grantID: change.key)
                case .signingKey:
                    directory.update(signingKeys: try await store.signingKeys())
                }
            }
            lastSequence = last.sequence
            logger.debug("Applied changes", metadata: ["count": "\(changes.count)", "sequence": "\(last.sequence)"])
        }
    }

    /// Reads the feed every interval and at each wake-up until the service group shuts down; wake-ups that arrive
    /// during a read make one more read, never a queue of them. A failed read is logged and retried.
    package func run() async throws {
        let (reads, requestRead) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while (try? await Task.sleep(for: self.interval)) != nil { requestRead.yield() }
                }
                if let wakeUps = self.wakeUps {
                    group.addTask {
                        for await _ in wakeUps() { requestRead.yield() }
                    }
                }
                for await _ in reads {
                    do {
                        try await self.catchUp()
                    } catch {
                        self.logger.error("Could not read the change feed", metadata: ["error": "\(error)"])
                    }
                }
                group.cancelAll()
            }
        }
    }
}
