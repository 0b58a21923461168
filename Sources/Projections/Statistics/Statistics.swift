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
    let afterSnapshot: (@Sendable () async throws -> Void)?
    /// Whether answers take the sub-linear paths: totals from the month aggregates where
    /// they cover the question, quiet days by one index probe per station and date. False
    /// reads every case row of the cohort, the reference those paths are tested against.
    var sublinearReads = true

    /// Statistics on `pool`'s database.
    ///
    /// - Parameters:
    ///   - now: decides "today" for quiet days (injectable for tests).
    ///   - afterSnapshot: run once an answer's snapshot and position are taken, before its
    ///     figures are read; for tests that change the projections in between. Nil in production.
    public init(
        pool: ConnectionPool, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        afterSnapshot: (@Sendable () async throws -> Void)? = nil
    ) {
        self.pool = pool
        self.logger = logger
        self.now = now
        self.afterSnapshot = afterSnapshot
    }

    /// Runs `body` in a read-only repeatable-read transaction and gives it the as-of
    /// position of `projections` and the tables of the versions serving in that snapshot.
    ///
    /// A replay may drop the tables of the version it replaced between the snapshot and
    /// the first read of them; the answer is then asked again, in a new snapshot.
    func snapshot<T: Sendable>(
        _ projections: [Projection], _ body: (PostgresConnection, Int64, ReadTables) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await pool.withConnection { connection in
                    try await connection.withTransaction {
                        try await connection.query("set transaction isolation level repeatable read, read only")
                        let (position, versions) = try await ProjectionMonitor.serving(projections, on: connection)
                        let tables = ReadTables(versions: versions)
                        try await afterSnapshot?()
                        return try await body(connection, position, tables)
                    }
                }
            } catch let error as PostgresError where error.code == Self.undefinedTable && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// SQLSTATE 42P01: a table a statement names does not exist (any more).
    static let undefinedTable: SQLState = "42P01"
}
