import Events
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the tests of this process use.
///
/// `DATABASE_URL` when it is set; otherwise a throwaway cluster in a temporary directory,
/// created on first use with durability turned off (tests only), on its own port, and
/// stopped and removed when the process exits.
enum TestServer {
    private static let started = Mutex<Task<String, any Error>?>(nil)

    /// The server's URL, starting the throwaway cluster on first call.
    static func url() async throws -> String {
        let task = started.withLock { task in
            if let task { return task }
            let newTask = Task { try startServer() }
            task = newTask
            return newTask
        }
        return try await task.value
    }

    private static func startServer() throws -> String {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { return url }
        ThrowawayCluster.removeOrphans()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledger-test-\(UUID().uuidString.prefix(8))")
        var attempt = 0
        // A random port may be taken; try a few before giving up.
        while true {
            attempt += 1
            let cluster = EmbeddedCluster.throwaway(
                in: directory, port: Int.random(in: 20_000..<40_000), settings: ["max_connections": "300"])
            do {
                try cluster.start()
                ThrowawayCluster.register(cluster, directory: directory)
                try Data(String(getpid()).utf8).write(to: directory.appendingPathComponent(ThrowawayCluster.ownerFile))
                return cluster.url(database: "postgres")
            } catch where attempt < 5 {
                continue
            }
        }
    }
}

/// Stops the throwaway cluster when the test process exits.
enum ThrowawayCluster {
    private static let registered = Mutex<(cluster: EmbeddedCluster, directory: URL)?>(nil)

    static func register(_ cluster: EmbeddedCluster, directory: URL) {
        registered.withLock { $0 = (cluster, directory) }
        atexit { ThrowawayCluster.stop() }
    }

    static func stop() {
        guard let entry = registered.withLock({ $0 }) else { return }
        try? entry.cluster.stop()
        try? FileManager.default.removeItem(at: entry.directory)
    }

    /// The file holding the pid of the test process that owns a throwaway cluster.
    static let ownerFile = "owner.pid"

    /// Stops and removes the throwaway clusters of test processes that died without
    /// stopping them (a crash skips `atexit`).
    static func removeOrphans() {
        let temporary = FileManager.default.temporaryDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix("ledger-test-") {
            let directory = temporary.appendingPathComponent(name)
            guard let text = try? String(contentsOf: directory.appendingPathComponent(ownerFile), encoding: .utf8),
                  let owner = Int32(text), kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            try? EmbeddedCluster.throwaway(in: directory, port: 0).stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
