import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite(.database)
struct MigratorTests {
    private let logger = Logger(label: "test")

    private func migrations() throws -> [Migration] {
        try Migration.load(from: TestDatabase.migrationsDirectory)
    }

    @Test func rerunningIsANoOp() async throws {
        let database = try TestDatabase.require()
        let migrator = Migrator(migrations: try migrations(), logger: logger)
        let applied = try await database.pool.withConnection { try await migrator.migrate(on: $0) }
        #expect(applied.isEmpty)
        try await database.pool.withConnection { try await migrator.checkUpToDate(on: $0) }
    }

    @Test func aChangedAppliedFileIsRefused() async throws {
        let database = try TestDatabase.require()
        var changed = try migrations()
        let first = changed[0]
        changed[0] = Migration(version: first.version, name: first.name, script: first.script + "\n-- edited\n")
        let migrator = Migrator(migrations: changed, logger: logger)
        await #expect(throws: MigrationError.changed([first.name])) {
            try await database.pool.withConnection { try await migrator.migrate(on: $0) }
        }
        await #expect(throws: MigrationError.changed([first.name])) {
            try await database.pool.withConnection { try await migrator.checkUpToDate(on: $0) }
        }
    }

    @Test func aPendingMigrationIsReportedThenApplied() async throws {
        let fresh = try await TestDatabase.create(migrate: false)
        let all = try migrations()
        let partial = Migrator(migrations: Array(all.prefix(1)), logger: logger)
        let full = Migrator(migrations: all, logger: logger)
        try await fresh.pool.withConnection { try await partial.migrate(on: $0) }
        let pending = all.dropFirst().map(\.name)
        await #expect(throws: MigrationError.pending(pending)) {
            try await fresh.pool.withConnection { try await full.checkUpToDate(on: $0) }
        }
        let applied = try await fresh.pool.withConnection { try await full.migrate(on: $0) }
        #expect(applied == pending)
        await fresh.drop()
    }

    @Test func migrationFilesLoadInVersionOrder() throws {
        let loaded = try migrations()
        #expect(loaded.map(\.version) == Array(1...loaded.count))
        #expect(loaded.first?.name == "0001_create_events.sql")
    }
}
