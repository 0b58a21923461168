import Events
import Foundation
import Logging
import Testing
import TestSupport

@Suite struct EmbeddedClusterTests {
    private func makeCluster(in directory: URL) -> EmbeddedCluster {
        .throwaway(in: directory, port: Int.random(in: 40_000..<50_000))
    }

    private func answers(_ cluster: EmbeddedCluster) async throws -> Bool {
        let connection = try await PostgresConnection.connect(url: cluster.url(database: "postgres"))
        let rows = try await connection.query("select 1 as one")
        await connection.close()
        return try rows.first?.decode("one", as: Int.self) == 1
    }

    @Test func startingTwiceAndAfterAKillBothWork() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-cluster-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = makeCluster(in: directory)
        #expect(try cluster.start())
        #expect(try await answers(cluster))
        #expect(try cluster.start() == false, "a second start reuses the running server")
        #expect(try await answers(cluster))

        let pid = try #require(cluster.serverProcessID())
        kill(pid, SIGKILL)
        try await Task.sleep(for: .milliseconds(200))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/postmaster.pid").path))
        #expect(try cluster.start(), "a stale pid file does not block the start")
        #expect(try await answers(cluster))
        // Only the socket answers: no TCP port is open to other local users.
        await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(url: "postgresql://postgres@127.0.0.1:\(cluster.port)/postgres")
        }
        try cluster.stop()
        await #expect(throws: PostgresError.self) { try await answers(cluster) }
    }

    @Test(.enabled(if: geteuid() == 0, "the server user only matters when running as root"))
    func aProjectThePostgresUserCannotReachKeepsItsClusterElsewhere() throws {
        let logger = Logger(label: "test")
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-private-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: parent) }
        let hidden = parent.appendingPathComponent("clone")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: parent.path)
        let cluster = EmbeddedCluster.project(root: hidden, logger: logger)
        defer { try? FileManager.default.removeItem(at: cluster.dataDirectory.deletingLastPathComponent()) }
        #expect(cluster.dataDirectory.path.hasPrefix(EmbeddedCluster.sharedHome.path + "/"))
        let recorded = try String(contentsOf: hidden.appendingPathComponent(".data/cluster-location"), encoding: .utf8)
        #expect(recorded.trimmingCharacters(in: .newlines) == cluster.dataDirectory.deletingLastPathComponent().path)
        #expect(EmbeddedCluster.project(root: hidden, logger: logger).dataDirectory == cluster.dataDirectory)

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: parent.path)
        let reachable = parent.appendingPathComponent("open")
        try FileManager.default.createDirectory(at: reachable, withIntermediateDirectories: true)
        #expect(EmbeddedCluster.project(root: reachable, logger: logger).dataDirectory == reachable.appendingPathComponent(".data/postgres"))
    }
}
