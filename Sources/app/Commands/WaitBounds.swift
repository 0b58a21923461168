import ArgumentParser
import Events

/// The timeouts of the server's pooled connections, from the environment.
///
/// `LEDGER_STATEMENT_TIMEOUT` (default 30000) and `LEDGER_LOCK_TIMEOUT` (default 10000) are
/// the session's `statement_timeout` and `lock_timeout` in milliseconds, 0 for none;
/// `LEDGER_POOL_LEASE_TIMEOUT` (default 5000, at least 1) is how long a request waits for a
/// free connection before it is answered 503.
struct WaitBounds: Equatable {
    var session: SessionSettings = .pooled
    var leaseTimeout: Duration? = .seconds(5)

    /// Keepalives only and no lease deadline: for batch commands.
    static let unbounded = WaitBounds(session: SessionSettings(), leaseTimeout: nil)

    private init(session: SessionSettings, leaseTimeout: Duration?) {
        self.session = session
        self.leaseTimeout = leaseTimeout
    }

    init(environment: [String: String]) throws {
        if let statement = try Self.milliseconds(environment, "LEDGER_STATEMENT_TIMEOUT", minimum: 0) {
            session.statementTimeout = statement
        }
        if let lock = try Self.milliseconds(environment, "LEDGER_LOCK_TIMEOUT", minimum: 0) {
            session.lockTimeout = lock
        }
        if let lease = try Self.milliseconds(environment, "LEDGER_POOL_LEASE_TIMEOUT", minimum: 1) {
            leaseTimeout = lease
        }
    }

    private static func milliseconds(_ environment: [String: String], _ name: String, minimum: Int) throws -> Duration? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw ValidationError("\(name) must be a whole number of milliseconds, at least \(minimum)")
        }
        return .milliseconds(value)
    }
}
