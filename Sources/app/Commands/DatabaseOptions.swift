import ArgumentParser
import Foundation

/// Where the database and the project's files are, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Project directory holding sql/ and .data/ (default: the current directory).")
    var root: String = FileManager.default.currentDirectoryPath

    /// The project directory as a URL.
    var rootURL: URL { URL(fileURLWithPath: root, isDirectory: true) }

    /// The numbered migrations in `sql/`.
    var migrationsURL: URL { rootURL.appendingPathComponent("sql", isDirectory: true) }
}
