import Events
import Foundation
import Logging
import Testing
import TestSupport

@testable import app

/// Serialized: a revocation in one test empties the cache another test is watching.
@Suite(.database, .serialized)
struct TokenStoreTests {
    @Test func revokingByNameEndsEveryLiveTokenOfThatNameOnly() async throws {
        let tokens = TokenStore(pool: try TestDatabase.require().pool)
        let name = "embedded-admin-\(UUID().uuidString.prefix(8))"
        let first = try await tokens.create(role: .admin, stationIds: [], name: name)
        let second = try await tokens.create(role: .admin, stationIds: [], name: name)
        let other = try await tokens.create(role: .admin, stationIds: [], name: "someone else")
        #expect(try await tokens.revokeAll(named: name) == 2)
        #expect(try await tokens.identity(forToken: first.token) == nil)
        #expect(try await tokens.identity(forToken: second.token) == nil)
        #expect(try await tokens.identity(forToken: other.token) != nil)
        #expect(try await tokens.revokeAll(named: name) == 0)
    }

    @Test func aKeptTokenIsForgottenAsSoonAsARevocationIsAnnounced() async throws {
        let database = try TestDatabase.require()
        let cache = TokenCache()
        let listener = TokenRevocationListener(
            pool: database.pool, cache: cache, logger: Logger(label: "test"), interval: .milliseconds(100))
        let listening = Task { await listener.listen() }
        defer { listening.cancel() }
        let tokens = TokenStore(pool: database.pool, cache: cache)
        let kept = try await tokens.create(role: .clerk, stationIds: ["s1"], name: "kept")
        let revoked = try await tokens.create(role: .clerk, stationIds: ["s1"], name: "revoked")
        try await eventually {
            _ = try await tokens.identity(forToken: kept.token)
            _ = try await tokens.identity(forToken: revoked.token)
            return cache.identity(forToken: kept.token) != nil && cache.identity(forToken: revoked.token) != nil
        }
        // A row changed behind the store's back, without the announcement, is not seen:
        // the identity comes from the cache, not from the database.
        try await database.pool.withConnection { connection in
            try await connection.query("update ledger.api_tokens set revoked_at = now() where token_id = $1", [kept.tokenId])
        }
        #expect(try await tokens.identity(forToken: kept.token)?.name == "kept")
        // A revocation through another store (as `app token revoke` does) empties the cache.
        #expect(try await TokenStore(pool: database.pool).revoke(tokenId: revoked.tokenId))
        try await eventually { try await tokens.identity(forToken: revoked.token) == nil }
        #expect(try await tokens.identity(forToken: kept.token) == nil)
    }

    @Test func withoutAListenerEveryLookupAsksTheDatabase() async throws {
        let database = try TestDatabase.require()
        let tokens = TokenStore(pool: database.pool, cache: TokenCache())
        let created = try await tokens.create(role: .supervisor, stationIds: [], name: "unheard")
        #expect(try await tokens.identity(forToken: created.token) != nil)
        try await database.pool.withConnection { connection in
            try await connection.query("update ledger.api_tokens set revoked_at = now() where token_id = $1", [created.tokenId])
        }
        #expect(try await tokens.identity(forToken: created.token) == nil)
    }
}
