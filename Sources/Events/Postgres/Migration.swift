public import Foundation

/// One numbered SQL file from `sql/`, e.g. `0001_create_events.sql`.
public struct Migration: Sendable, Equatable {
    /// The number the file name starts with; migrations apply in this order.
    public let version: Int
    /// The file name.
    public let name: String
    /// The SQL text, applied as one script in one transaction.
    public let script: String

    public init(version: Int, name: String, script: String) {
        self.version = version
        self.name = name
        self.script = script
    }

    /// Reads every `NNNN_name.sql` file of a directory, in version order.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let migrations = try names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            guard let version = Int(name.prefix { $0.isNumber }), name.first?.isNumber == true else {
                throw MigrationError.badFileName(name)
            }
            let script = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return Migration(version: version, name: name, script: script)
        }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(next.version)
        }
        return migrations
    }
}
