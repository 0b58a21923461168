import Events
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A connection whose server process died (a crash, an immediate shutdown) fails its next
/// statement as unavailable, worth a retry (503), never as a refused statement (500), and
/// is retired from its pool.
@Suite struct DroppedConnectionTests {
    @Test func aStatementOnAConnectionWhoseServerDiedIsUnavailable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-dropped-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Its own cluster: killing a server process makes PostgreSQL restart every session.
        let cluster = EmbeddedCluster.throwaway(in: directory, port: Int.random(in: 40_000..<50_000))
        try cluster.start()
        defer { try? cluster.stop() }
        // SIGQUIT is what an immediate shutdown sends each session (it says goodbye with a
        // warning first); SIGKILL leaves without a word.
        for signal in [SIGQUIT, SIGKILL, SIGQUIT, SIGKILL] {
            let connection = try await PostgresConnection.connect(url: cluster.url(database: "postgres"))
            let pid = try #require(try await connection.query("select pg_backend_pid() as pid").first?.decode("pid", as: Int.self))
            #expect(kill(pid_t(pid), signal) == 0)
            try await Task.sleep(for: .milliseconds(200))
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("select 1 as one")
            }
            #expect(error?.isUnavailable == true, "signal \(signal): \(String(reflecting: error))")
            #expect(!connection.isUsable)
            await connection.close()
            try await waitUntilAnswering(cluster)
        }
    }

    /// Waits for the server to finish the restart a killed session process causes.
    private func waitUntilAnswering(_ cluster: EmbeddedCluster) async throws {
        for _ in 0..<100 {
            if let connection = try? await PostgresConnection.connect(url: cluster.url(database: "postgres")) {
                await connection.close()
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the cluster did not answer again after a killed session")
    }
}
