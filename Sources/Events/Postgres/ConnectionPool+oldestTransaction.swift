extension ConnectionPool {
    /// The age in seconds of the oldest transaction open in the whole cluster (0 when none).
    ///
    /// Gap-free readers of the log wait for every older transaction to finish, so this is
    /// how long the projections may be held back. Only sessions this role may inspect
    /// count (a superuser or `pg_read_all_stats` sees all).
    public func oldestTransactionAge() async throws -> Double {
        let rows = try await withConnection { connection in
            try await connection.query("""
                select coalesce(extract(epoch from clock_timestamp() - min(xact_start)), 0)::float8 as age
                from pg_stat_activity
                where xact_start is not null and backend_type = 'client backend' and pid <> pg_backend_pid()
                """)
        }
        return try rows.first?.decode("age") ?? 0
    }
}
