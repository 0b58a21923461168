import Events
import Logging
import ServiceLifecycle

/// Listens for token revocations and empties the ``TokenCache`` on each, reconnecting
/// after a failure; a service of the server's group.
///
/// While it is not listening the cache is bypassed, so a revocation made meanwhile (by
/// `app token revoke` or another server) is never missed.
struct TokenRevocationListener: Service {
    let pool: ConnectionPool
    let cache: TokenCache
    let logger: Logger
    /// The wait before reconnecting, and the longest wait between checks for cancellation.
    var interval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await listen()
        }
    }

    /// Listens until the task is cancelled.
    func listen() async {
        while !Task.isCancelled {
            do {
                try await pool.withDedicatedConnections(["ledger-token-listen"]) { connections in
                    let connection = connections[0]
                    try await connection.query("listen \(TokenStore.revocationChannel)")
                    cache.reset(listening: true)
                    while !Task.isCancelled {
                        if try await !connection.waitForNotifications(timeout: interval).isEmpty {
                            cache.reset(listening: true)
                        }
                    }
                }
            } catch {
                logger.info("token revocation listener failed; tokens are looked up until it reconnects", metadata: [
                    "error": "\(error)",
                ])
            }
            cache.reset(listening: false)
            try? await Task.sleep(for: interval)
        }
    }
}
