import PlatformStore
import ServiceLifecycle

/// Closes the store's connections once the server has shut down gracefully: listed first among the services, it is
/// the last one the service group stops.
struct StoreShutdown: Service {
    let platform: Platform

    func run() async throws {
        try? await gracefulShutdown()
        await platform.close()
    }
}
