public import Events

/// One connection of a pool leased by a task of its own until ``release()``, so a test
/// can fill a pool and watch what waits for it.
public struct HeldConnection: Sendable {
    private let holder: Task<Void, any Error>
    private let releasing: AsyncStream<Void>.Continuation

    /// Leases a connection of `pool` and returns once it is held.
    public static func take(from pool: ConnectionPool) async -> HeldConnection {
        let (held, heldSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await pool.withConnection { _ in
                heldSignal.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        return HeldConnection(holder: holder, releasing: releaseSignal)
    }

    /// Gives the connection back to the pool; throws what the lease threw.
    public func release() async throws {
        releasing.yield()
        try await holder.value
    }
}
