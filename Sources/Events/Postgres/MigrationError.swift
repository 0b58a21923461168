/// Why migrations cannot be applied, or why the server may not start on this schema.
public struct MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case badFileName(String)
        case duplicateVersion(Int)
        case pending([String])
        case changed([String])
        case unknownApplied([String])
    }

    private let kind: Kind

    static func badFileName(_ name: String) -> MigrationError { MigrationError(kind: .badFileName(name)) }
    static func duplicateVersion(_ version: Int) -> MigrationError { MigrationError(kind: .duplicateVersion(version)) }
    /// Files not yet applied.
    public static func pending(_ names: [String]) -> MigrationError { MigrationError(kind: .pending(names)) }
    /// Applied files whose text has changed since.
    public static func changed(_ names: [String]) -> MigrationError { MigrationError(kind: .changed(names)) }
    /// Applied migrations that no file in `sql/` describes.
    public static func unknownApplied(_ names: [String]) -> MigrationError { MigrationError(kind: .unknownApplied(names)) }

    public var description: String {
        switch kind {
        case .badFileName(let name):
            "migration file \(name) must be named NNNN_description.sql"
        case .duplicateVersion(let version):
            "two migration files share the number \(version)"
        case .pending(let names):
            "the database has \(names.count) pending migration(s) (\(names.joined(separator: ", "))): run `app migrate`"
        case .changed(let names):
            "applied migration(s) \(names.joined(separator: ", ")) changed since they were applied: restore the original file(s); migrations are never edited, add a new one instead"
        case .unknownApplied(let names):
            "the database has migration(s) \(names.joined(separator: ", ")) that this build does not know: use a newer build"
        }
    }
}
