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

    /// Waits until every projection has applied the event at global position `position`.
    ///
    /// Throws ``ProjectionError/notCaughtUp(position:)`` after `timeout` (the API's
    /// `minPosition`, answered 503).
    public func waitForPosition(_ position: Int64, timeout: Duration = .seconds(5)) async throws {
        guard position > 0 else { return }
        let deadline = ContinuousClock.now + timeout
        while true {
            let applied: Bool = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    select coalesce(bool_and((v.transaction_id, v.global_position) >= (e.transaction_id, e.global_position)), false) as applied
                      from ledger.events e cross join projections.versions v
                     where e.global_position = $1 and v.state = 'active'
                    """, [position]
                ).first?.decode("applied") ?? false
            }
            if applied { return }
            guard ContinuousClock.now < deadline else { throw ProjectionError.notCaughtUp(position: position) }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// How long the oldest event some serving projection has not applied yet has been in
    /// the log, in seconds; 0 when every projection is caught up.
    public func secondsBehind() async throws -> Double {
        try await pool.withConnection { connection in
            try await connection.query(
                """
                select coalesce(extract(epoch from now() - min(e.recorded_at)), 0)::float8 as behind
                  from projections.versions v
                  join ledger.events e on (e.transaction_id, e.global_position) > (v.transaction_id, v.global_position)
                 where v.state = 'active'
                """
            ).first?.decode("behind") ?? 0
        }
    }

    /// Where each projection's serving version stands, and how far behind the log it is.
    public func projectionStatus() async throws -> [ProjectionStatus] {
        try await pool.withConnection { connection in
            let head: Int64 = try await connection.query(
                "select coalesce(max(global_position), 0) as head from ledger.events"
            ).first?.decode("head") ?? 0
            return try await ProjectionCatalog.current(on: connection).map { version in
                ProjectionStatus(
                    projection: version.projection.rawValue, version: version.version, state: version.state,
                    position: version.cursor.globalPosition, eventsApplied: version.eventsApplied,
                    lag: max(0, head - version.cursor.globalPosition))
            }
        }
    }

    /// Runs `body` in a read-only repeatable-read transaction and gives it the lowest
    /// checkpoint of `projections`.
    func snapshot<T: Sendable>(
        _ projections: [Projection], _ body: (PostgresConnection, Int64) async throws -> T
    ) async throws -> T {
        try await pool.withConnection { connection in
            try await connection.withTransaction {
                try await connection.query("set transaction isolation level repeatable read, read only")
                // The highest position with every event at or below it applied by each
                // projection: just before the first event a projection has not applied yet.
                let position: Int64 = try await connection.query(
                    """
                    select coalesce(min(safe), 0) as position from (
                        select coalesce(
                                   (select min(e.global_position) - 1 from ledger.events e
                                     where (e.transaction_id, e.global_position) > (v.transaction_id, v.global_position)),
                                   (select coalesce(max(global_position), 0) from ledger.events)) as safe
                          from projections.versions v
                         where v.state = 'active' and v.projection = any($1::text[])
                    ) applied
                    """,
                    [PostgresArray(projections.map(\.rawValue))]
                ).first?.decode("position") ?? 0
                return try await body(connection, position)
            }
        }
    }
}
