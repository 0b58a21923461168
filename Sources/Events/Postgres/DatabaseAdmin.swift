import Foundation

/// Creates and drops databases on a server, for the embedded cluster and the tests.
public enum DatabaseAdmin {
    /// Creates `name` on the server `url` points at, unless it exists.
    public static func createDatabase(_ name: String, url: String) async throws {
        let connection = try await PostgresConnection.connect(url: url, database: "postgres")
        let exists = try await connection.query("select 1 from pg_database where datname = $1", [name])
        if exists.isEmpty {
            do {
                try await connection.run(script: "create database \(quoteIdentifier(name))")
            } catch let error as PostgresError where error.code == "42P04" || error.code == .uniqueViolation {
                // Created by a concurrent caller in the meantime.
            }
        }
        await connection.close()
    }

    /// Drops `name` on the server `url` points at, ending its sessions first.
    public static func dropDatabase(_ name: String, url: String) async throws {
        let connection = try await PostgresConnection.connect(url: url, database: "postgres")
        try await connection.run(script: "drop database if exists \(quoteIdentifier(name)) with (force)")
        await connection.close()
    }

    /// `name` as a quoted SQL identifier.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
