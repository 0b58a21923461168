import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a PostgreSQL server program (initdb, pg_ctl) to completion and captures its output.
///
/// Uses `posix_spawn` and `waitpid` directly: Foundation's `Process.waitUntilExit` was
/// seen to hang here when called from a Swift concurrency thread.
enum ServerProgram {
    /// Runs `program` with `arguments`, stdin from /dev/null; throws with its output on a
    /// non-zero exit, naming the program as `name`.
    static func run(_ program: String, _ arguments: [String], name: String) throws {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledger-program-\(UUID().uuidString).log").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([program] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv + [nil], environ)
        guard spawned == 0 else {
            throw ClusterError("could not start \(program): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exited = status & 0x7f == 0
        let exitCode = (status >> 8) & 0xff
        guard exited, exitCode == 0 else {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw ClusterError("\(name) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
