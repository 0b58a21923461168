public import Events
import Foundation

/// Where the projections stand against the log: positions, lag, parked streams, and
/// waiting for a position.
///
/// Every figure comes from the checkpoints plus an index range over the events not yet
/// applied, so its cost grows with the lag, never with the log.
public struct ProjectionMonitor: Sendable {
    let pool: ConnectionPool

    /// A monitor of the projections on `pool`'s database.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Waits until every serving projection has applied the event at global position `position`.
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
                select coalesce(extract(epoch from now() - min(pending.recorded_at)), 0)::float8 as behind
                  from projections.versions v
                  cross join lateral (
                      select e.recorded_at from ledger.events e
                       where (e.transaction_id, e.global_position) > (v.transaction_id, v.global_position)
                       order by e.transaction_id, e.global_position
                       limit 1
                  ) pending
                 where v.state = 'active'
                """
            ).first?.decode("behind") ?? 0
        }
    }

    /// The streams the active and building versions parked, oldest first.
    public func parkedStreams() async throws -> [ParkedStream] {
        try await pool.withConnection { try await ParkedStreams.current(on: $0) }
    }

    /// Where each projection version stands: checkpoint, committed events it has not
    /// applied yet, the first of them, and its parked streams.
    public func status() async throws -> [ProjectionStatus] {
        try await pool.withConnection { connection in
            let versions = try await ProjectionCatalog.current(on: connection)
            let parked = try await ParkedStreams.current(on: connection)
            var statuses: [ProjectionStatus] = []
            for version in versions {
                let pending = try await connection.query(
                    """
                    select count(*) as lag, min(global_position) as first from (
                        select global_position from ledger.events
                         where (transaction_id, global_position) > ($1::text::xid8, $2::int8)
                         offset 0
                    ) pending
                    """, [version.cursor.transactionId, version.cursor.globalPosition]
                ).first
                statuses.append(ProjectionStatus(
                    projection: version.projection.rawValue, version: version.version, state: version.state,
                    position: version.cursor.globalPosition, eventsApplied: version.eventsApplied,
                    lag: try pending?.decode("lag") ?? 0, firstUnapplied: try pending?.decodeIfPresent("first"),
                    parked: parked.filter { $0.projection == version.projection.rawValue && $0.version == version.version }))
            }
            return statuses
        }
    }

    /// The version serving each projection, and the highest position with every event at
    /// or below it applied by each of `projections`' serving versions: just before the
    /// first event one of them has not applied yet, or the log's head when all are caught
    /// up. One query, on `connection`, in the caller's snapshot.
    static func serving(
        _ projections: [Projection], on connection: PostgresConnection
    ) async throws -> (asOfPosition: Int64, versions: [Projection: Int]) {
        let rows = try await connection.query(
            """
            select v.projection, v.version, coalesce(pending.first - 1, head.position) as safe
              from projections.versions v
              cross join (select coalesce(max(global_position), 0) as position from ledger.events) head
              cross join lateral (
                  select min(global_position) as first from (
                      select global_position from ledger.events e
                       where (e.transaction_id, e.global_position) > (v.transaction_id, v.global_position)
                       offset 0
                  ) unapplied
              ) pending
             where v.state = 'active'
            """)
        var versions: [Projection: Int] = [:]
        var position: Int64?
        for row in rows {
            guard let projection = Projection(rawValue: try row.decode("projection")) else { continue }
            versions[projection] = try row.decode("version")
            if projections.contains(projection) {
                let safe: Int64 = try row.decode("safe")
                position = min(position ?? safe, safe)
            }
        }
        return (position ?? 0, versions)
    }
}
