import Events
import Foundation

/// API tokens: created with a random secret shown once, stored only as a SHA-256 hash.
///
/// The hash is computed by PostgreSQL (`sha256`), which spares the app a crypto library.
struct TokenStore: Sendable {
    let pool: ConnectionPool
    /// Where identities of live tokens are kept between requests, if anywhere.
    var cache: TokenCache?

    /// The NOTIFY channel every revocation signals on commit (see ``TokenRevocationListener``).
    static let revocationChannel = "ledger_tokens"

    /// A new token: its id (for revoking) and the secret the caller must keep.
    struct Created: Sendable {
        let tokenId: UUID
        let token: String
    }

    /// Creates a token with `role`, scoped to `stationIds`.
    func create(role: ActorRole, stationIds: [String], name: String) async throws -> Created {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let token = "lgr_\(secret)"
        let tokenId = UUID()
        try await pool.withConnection { connection in
            try await connection.query(
                """
                insert into ledger.api_tokens (token_id, token_hash, role, station_ids, name)
                values ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), $3, $4::text[], $5)
                """,
                [tokenId, token, role.rawValue, PostgresArray(stationIds), name]
            )
        }
        return Created(tokenId: tokenId, token: token)
    }

    /// Revokes the token with this id; false when no live token has it.
    func revoke(tokenId: UUID) async throws -> Bool {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                update ledger.api_tokens set revoked_at = now() where token_id = $1 and revoked_at is null
                returning token_id, pg_notify('\(Self.revocationChannel)', '')
                """,
                [tokenId]
            )
            return !rows.isEmpty
        }
    }

    /// Revokes every live token named `name`; returns how many.
    @discardableResult
    func revokeAll(named name: String) async throws -> Int {
        try await pool.withConnection { connection in
            try await connection.query(
                """
                update ledger.api_tokens set revoked_at = now() where name = $1 and revoked_at is null
                returning token_id, pg_notify('\(Self.revocationChannel)', '')
                """,
                [name]
            ).count
        }
    }

    /// The identity of a live token, or nil for an unknown or revoked one.
    func identity(forToken token: String) async throws -> Identity? {
        if let kept = cache?.identity(forToken: token) { return kept }
        let generation = cache?.generation() ?? 0
        let identity = try await lookUp(token)
        if let identity { cache?.keep(identity, forToken: token, since: generation) }
        return identity
    }

    private func lookUp(_ token: String) async throws -> Identity? {
        try await pool.withConnection { connection in
            let rows = try await connection.execute(Self.lookup, [token])
            guard let row = rows.first, let role = ActorRole(rawValue: try row.decode("role")) else { return nil }
            let stations: String = try row.decode("stations")
            return Identity(
                tokenId: try row.decode("token_id"),
                role: role,
                stationIds: Set(stations.split(separator: "\n").map(String.init)),
                name: try row.decode("name")
            )
        }
    }

    private static let lookup = PreparedStatement(
        name: "ledger_token_lookup",
        sql: """
            select token_id, role, name, array_to_string(station_ids, E'\\n') as stations
              from ledger.api_tokens
             where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') and revoked_at is null
            """
    )
}
