public import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster the ledger runs itself, from the Debian server binaries.
///
/// It lives in `dataDirectory` and listens only on a unix socket in `socketDirectory`,
/// a directory of mode 0700, so only its owner and root can connect: no TCP port is open
/// to other local users. PostgreSQL refuses to run as root, so when this process is root
/// the server programs run as the `postgres` user, which then owns both directories.
public struct EmbeddedCluster: Sendable {
    /// The cluster's data directory (PGDATA).
    public let dataDirectory: URL
    /// Where the server puts its unix socket.
    public let socketDirectory: URL
    /// The port number, which names the socket file (`.s.PGSQL.<port>`).
    public let port: Int
    /// Extra server settings, e.g. `fsync=off` for a throwaway test cluster.
    public let settings: [String: String]
    private let logger: Logger

    public init(dataDirectory: URL, socketDirectory: URL, port: Int, settings: [String: String] = [:], logger: Logger) {
        self.dataDirectory = dataDirectory
        self.socketDirectory = socketDirectory
        self.port = port
        self.settings = settings
        self.logger = logger
    }

    /// The project's cluster, as `make run` uses it: under the project's `.data/`, or,
    /// when the `postgres` user cannot reach that directory (a clone in `/root` or in a
    /// private temporary directory), under ``sharedHome`` in a directory named after the
    /// project's path, which `.data/cluster-location` then records.
    public static func project(root: URL, logger: Logger) -> EmbeddedCluster {
        let home = projectHome(root: root, logger: logger)
        let port = ProcessInfo.processInfo.environment["LEDGER_PG_PORT"].flatMap(Int.init) ?? 54329
        return EmbeddedCluster(
            dataDirectory: home.appendingPathComponent("postgres"),
            socketDirectory: home.appendingPathComponent("socket"),
            port: port,
            logger: logger
        )
    }

    /// How long a session may sit idle inside a transaction before the server ends it
    /// (`idle_in_transaction_session_timeout`); ``settings`` may override it.
    public static let idleInTransactionTimeout = "60s"

    /// Where clusters of projects that the `postgres` user cannot reach live: its own home.
    public static let sharedHome = URL(fileURLWithPath: "/var/lib/postgresql/ledger")

    /// `.data/` when it already holds the cluster or the server user can reach it,
    /// otherwise the recorded or a new directory under ``sharedHome``.
    static func projectHome(root: URL, logger: Logger) -> URL {
        let data = root.appendingPathComponent(".data")
        let files = FileManager.default
        guard geteuid() == 0 else { return data }
        if files.fileExists(atPath: data.appendingPathComponent("postgres/PG_VERSION").path) { return data }
        let record = data.appendingPathComponent("cluster-location")
        if let recorded = try? String(contentsOf: record, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !recorded.isEmpty
        {
            return URL(fileURLWithPath: recorded)
        }
        try? files.createDirectory(at: data, withIntermediateDirectories: true)
        if (try? ServerProgram.run("/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/test", "-x", data.path], name: "test")) != nil {
            return data
        }
        let name = String(root.standardizedFileURL.lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(20))
        let home = sharedHome.appendingPathComponent("\(name)-\(pathHash(root.standardizedFileURL.path))")
        try? files.createDirectory(at: home, withIntermediateDirectories: true)
        try? Data((home.path + "\n").utf8).write(to: record, options: .atomic)
        logger.info(
            "the postgres user cannot reach the project's .data; the cluster lives elsewhere",
            metadata: ["cluster": "\(home.path)", "recorded in": "\(record.path)"])
        return home
    }

    /// A stable 64-bit FNV-1a hash of a path, in hex, to name its cluster's directory.
    static func pathHash(_ path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The URL of `database` on this cluster, over the unix socket.
    public func url(database: String) -> String {
        let host = socketDirectory.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socketDirectory.path
        return "postgresql:///\(database)?host=\(host)&port=\(port)&user=postgres"
    }

    /// Creates the cluster if needed and starts it unless it already runs.
    ///
    /// Returns true when this call started the server (so the caller should stop it),
    /// false when it was already running. A pid file left by a killed server does not
    /// block the start.
    @discardableResult
    public func start() throws -> Bool {
        let binaries = try Self.binaryDirectory()
        try createIfNeeded(binaries: binaries)
        if isRunning { return false }
        removeStalePidFile()
        var lastError: (any Error)?
        // After a kill -9 the old server's children may need a moment to exit and free
        // its shared memory; the stale pid file itself is handled by PostgreSQL.
        for attempt in 1...10 {
            do {
                try runServerProgram(binaries.appendingPathComponent("pg_ctl"), [
                    "start", "-w", "-t", "60", "-D", dataDirectory.path,
                    "-l", dataDirectory.appendingPathComponent("server.log").path,
                    "-o", serverOptions,
                ])
                logger.info("embedded PostgreSQL started", metadata: ["data": "\(dataDirectory.path)", "port": "\(port)"])
                return true
            } catch {
                lastError = error
                if isRunning { return true }
                logger.info("embedded PostgreSQL did not start yet, retrying", metadata: ["attempt": "\(attempt)"])
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        throw lastError ?? ClusterError("PostgreSQL did not start")
    }

    /// Stops the server quickly but cleanly (open sessions are ended).
    public func stop() throws {
        let binaries = try Self.binaryDirectory()
        guard isRunning else { return }
        try runServerProgram(binaries.appendingPathComponent("pg_ctl"), ["stop", "-w", "-m", "fast", "-D", dataDirectory.path])
    }


    /// The process id of the running server, from its pid file.
    public func serverProcessID() -> Int32? {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    // MARK: - Private

    private var serverOptions: String {
        var options = "-p \(port) -c listen_addresses='' -c unix_socket_directories=\(Self.shellQuote(socketDirectory.path))"
        // A transaction left open stalls every gap-free reader of the log (the projections
        // wait for it), so a session idle inside one is ended after a minute.
        options += " -c idle_in_transaction_session_timeout=\(Self.idleInTransactionTimeout)"
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            options += " -c \(key)=\(Self.shellQuote(value))"
        }
        return options
    }

    private func createIfNeeded(binaries: URL) throws {
        let files = FileManager.default
        try files.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try giveToServerUser(socketDirectory)
        guard !files.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else { return }
        logger.info("creating embedded PostgreSQL cluster", metadata: ["data": "\(dataDirectory.path)"])
        try files.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try giveToServerUser(dataDirectory)
        try runServerProgram(binaries.appendingPathComponent("initdb"), [
            "-D", dataDirectory.path, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8", "--no-sync",
        ])
    }

    /// True when the pid file names a live (not zombie) postgres process.
    ///
    /// `pg_ctl status` is not enough: where nothing reaps a killed server promptly its
    /// zombie still answers `kill(pid, 0)`.
    private var isRunning: Bool {
        guard let pid = serverProcessID(),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              stat.contains("(postgres)")
        else { return false }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z"
    }

    /// Removes a pid file whose server is gone, so a crash never blocks the next start.
    private func removeStalePidFile() {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        guard FileManager.default.fileExists(atPath: pidFile.path) else { return }
        logger.info("removing the pid file of a server that is no longer running", metadata: ["file": "\(pidFile.path)"])
        try? FileManager.default.removeItem(at: pidFile)
    }

    private var runsAsRoot: Bool { geteuid() == 0 }

    private func giveToServerUser(_ directory: URL) throws {
        guard runsAsRoot else { return }
        try Self.run(URL(fileURLWithPath: "/bin/chown"), ["postgres:postgres", directory.path])
        try Self.run(URL(fileURLWithPath: "/bin/chmod"), ["0700", directory.path])
    }

    /// Runs a PostgreSQL program, as the `postgres` user when this process is root.
    private func runServerProgram(_ program: URL, _ arguments: [String]) throws {
        if runsAsRoot {
            try ServerProgram.run(
                "/usr/sbin/runuser", ["-u", "postgres", "--", program.path] + arguments,
                name: "\(program.lastPathComponent) \(arguments.first ?? "")"
            )
        } else {
            try ServerProgram.run(program.path, arguments, name: "\(program.lastPathComponent) \(arguments.first ?? "")")
        }
    }

    private static func run(_ program: URL, _ arguments: [String]) throws {
        try ServerProgram.run(program.path, arguments, name: program.lastPathComponent)
    }

    /// The newest installed Debian PostgreSQL `bin` directory, or `PG_BIN` when set.
    static func binaryDirectory() throws -> URL {
        if let configured = ProcessInfo.processInfo.environment["PG_BIN"] {
            return URL(fileURLWithPath: configured)
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw ClusterError("no PostgreSQL server found under \(root): install the postgresql package (make run does)")
        }
        return URL(fileURLWithPath: "\(root)/\(newest)/bin")
    }

    private static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why the embedded cluster could not be created, started or stopped.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one line.
    public let description: String

    init(_ description: String) { self.description = description }
}
