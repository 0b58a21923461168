public import Testing

/// Gives a suite its own fresh database for all its tests, dropped afterwards.
public struct DatabaseTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let database = try await TestDatabase.create()
        do {
            try await TestDatabase.$current.withValue(database) { try await function() }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

extension Trait where Self == DatabaseTrait {
    /// A fresh migrated database for the suite: read it with `TestDatabase.require()`.
    public static var database: Self { DatabaseTrait() }
}
