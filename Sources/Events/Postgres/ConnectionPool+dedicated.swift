extension ConnectionPool {
    /// Opens one connection of its own per name in `applicationNames`, outside the pool's
    /// bound, runs `body` with them in that order and closes them all afterwards.
    ///
    /// For work that holds connections for long (a LISTEN, a snapshot read, a bulk
    /// write) and must not starve the requests sharing the pool. They work as the pool's
    /// role and get its keepalives but not its timeouts: a long bulk load is legitimate there.
    public nonisolated func withDedicatedConnections<T: Sendable>(
        _ applicationNames: [String], _ body: ([PostgresConnection]) async throws -> T
    ) async throws -> T {
        var connections: [PostgresConnection] = []
        do {
            for name in applicationNames {
                connections.append(try await openConnection(applicationName: name, session: session.withoutTimeouts))
            }
            let value = try await body(connections)
            for connection in connections { await connection.close() }
            return value
        } catch {
            for connection in connections { await connection.close() }
            throw error
        }
    }
}
