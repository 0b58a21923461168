import Events
import Foundation
import Testing
import TestSupport

@testable import app

@Suite(.database)
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
}
