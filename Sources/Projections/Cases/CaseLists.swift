public import Events
import Foundation
public import Logging

/// The clerks' case lists, read from the dispute and alert projections.
public struct CaseLists: Sendable {
    private let pool: ConnectionPool
    private let logger: Logger

    /// Case lists read through `pool`.
    public init(pool: ConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// One page of disputes, newest logged first.
    public func disputes(_ query: CaseListQuery) async throws -> CaseListPage<DisputeListItem> {
        try await page(query, table: "projections.disputes", time: "logged_at", columns: """
            c.dispute_id::text as id, c.category, c.discovered_via, c.key, c.summary,
            (extract(epoch from c.first_resolved_at) * 1000000)::int8 as resolved_micros
            """) { row, streamId, at in
            DisputeListItem(
                disputeId: try row.decode("id"), streamId: streamId, stationId: try row.decode("station_id"),
                communityId: try row.decodeIfPresent("community_id"), category: try row.decode("category"),
                discoveredVia: try row.decode("discovered_via"), key: try row.decode("key"),
                status: try row.decode("status"), loggedAt: at,
                firstResolvedAt: try row.decodeIfPresent("resolved_micros", as: Int64.self).map(Self.rfc3339),
                summary: try row.decodeIfPresent("summary"))
        }
    }

    /// One page of alerts, newest received first.
    public func alerts(_ query: CaseListQuery) async throws -> CaseListPage<AlertListItem> {
        try await page(query, table: "projections.alerts", time: "received_at", columns: """
            c.alert_id::text as id, c.channel, c.category, c.initial_category, c.police_matter, c.priority,
            c.response_seconds, c.summary
            """) { row, streamId, at in
            AlertListItem(
                alertId: try row.decode("id"), streamId: streamId, stationId: try row.decode("station_id"),
                communityId: try row.decodeIfPresent("community_id"), channel: try row.decode("channel"),
                category: try row.decode("category"), initialCategory: try row.decode("initial_category"),
                policeMatter: try row.decode("police_matter"), priority: try row.decodeIfPresent("priority"),
                status: try row.decode("status"), receivedAt: at,
                responseSeconds: try row.decodeIfPresent("response_seconds"), summary: try row.decodeIfPresent("summary"))
        }
    }

    /// The shared keyset query: `table` and `time` are trusted constants of this file.
    private func page<Item>(
        _ query: CaseListQuery, table: String, time: String, columns: String,
        item: @Sendable (PostgresRow, String, String) throws -> Item
    ) async throws -> CaseListPage<Item> {
        let sql = """
            select c.stream_id, c.station_id, c.community_id, c.status, \(columns),
                   (extract(epoch from c.\(time)) * 1000000)::int8 as at_micros
              from \(table) c
              left join projections.stations s on s.station_id = c.station_id
             where ($1::text[] is null or c.station_id = any($1::text[]))
               and ($2::text is null or c.status = $2)
               and ($3::date is null or (c.\(time) at time zone coalesce(s.time_zone, 'Asia/Shanghai'))::date >= $3::date)
               and ($4::date is null or (c.\(time) at time zone coalesce(s.time_zone, 'Asia/Shanghai'))::date <= $4::date)
               and ($5::int8 is null or (c.\(time), c.stream_id) < ('epoch'::timestamptz + $5::int8 * interval '1 microsecond', $6::text))
             order by c.\(time) desc, c.stream_id desc
             limit $7
            """
        let rows = try await pool.withConnection { connection in
            try await connection.query(sql, [
                query.stationIds.map { PostgresArray($0) }, query.status, query.from?.description, query.to?.description,
                query.cursor?.microseconds, query.cursor?.streamId, query.limit + 1,
            ])
        }
        var items: [Item] = []
        var last: CaseCursor?
        for row in rows.prefix(query.limit) {
            let streamId: String = try row.decode("stream_id")
            let micros: Int64 = try row.decode("at_micros")
            items.append(try item(row, streamId, Self.rfc3339(micros)))
            last = CaseCursor(microseconds: micros, streamId: streamId)
        }
        return CaseListPage(items: items, nextCursor: rows.count > query.limit ? last?.description : nil)
    }

    private static func rfc3339(_ microseconds: Int64) -> String {
        RFC3339.string(from: PostgresTime.date(microseconds: microseconds))
    }
}
