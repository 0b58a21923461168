import Projections
import ServiceLifecycle

/// The live projector as a service of the server's service group: it starts with the
/// HTTP server and stops with it, on graceful shutdown as on cancellation.
struct ProjectorService: Service {
    let projector: Projector

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await projector.run()
        }
    }
}
