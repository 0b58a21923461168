public import Events
public import Foundation
public import Logging

/// The statistics of metrics.md, answered from the projections' tables, never from the log.
///
/// Every answer is read in one repeatable-read snapshot, so its rows, totals and
/// `asOfPosition` agree. The HTTP layer builds the typed queries (or lets them parse raw
/// parameters), calls these methods and encodes the results as they are.
public struct Statistics: Sendable {
    let pool: ConnectionPool
    let logger: Logger
    let now: @Sendable () -> Date

    /// Statistics on `pool`'s database; `now` decides "today" for quiet days (injectable for tests).
    public init(pool: ConnectionPool, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.pool = pool
        self.logger = logger
        self.now = now
    }

    /// Runs `body` in a read-only repeatable-read transaction and gives it the lowest
    /// checkpoint of `projections`.
    func snapshot<T: Sendable>(
        _ projections: [Projection], _ body: (PostgresConnection, Int64) async throws -> T
    ) async throws -> T {
        try await pool.withConnection { connection in
            try await connection.withTransaction {
                try await connection.query("set transaction isolation level repeatable read, read only")
                let position = try await ProjectionMonitor.asOfPosition(projections, on: connection)
                return try await body(connection, position)
            }
        }
    }
}
