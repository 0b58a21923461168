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
        try cluster.stop()
        await #expect(throws: PostgresError.self) { try await answers(cluster) }
    }
}
