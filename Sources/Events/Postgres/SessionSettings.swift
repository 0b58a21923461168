/// How long a session's statements and lock waits may last, and how a dead peer is noticed.
///
/// Sent at connect time: the timeouts as `-c` options, the keepalives as libpq connection
/// parameters (ignored on unix sockets). Settings in the connection URL win over these.
public struct SessionSettings: Sendable, Equatable {
    /// The longest a statement may run (`statement_timeout`); nil leaves the server's default.
    public var statementTimeout: Duration?
    /// The longest a statement may wait for a lock (`lock_timeout`); nil leaves the server's default.
    public var lockTimeout: Duration?
    /// Idle time before the first TCP keepalive probe.
    public var keepaliveIdle: Duration
    /// Time between unanswered probes.
    public var keepaliveInterval: Duration
    /// Unanswered probes after which the connection counts as dead.
    public var keepaliveCount: Int

    /// Keepalives only: what a connection gets unless it asks for more.
    public init(
        statementTimeout: Duration? = nil, lockTimeout: Duration? = nil,
        keepaliveIdle: Duration = .seconds(30), keepaliveInterval: Duration = .seconds(10), keepaliveCount: Int = 3
    ) {
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.keepaliveIdle = keepaliveIdle
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveCount = keepaliveCount
    }

    /// The defaults of a pooled connection: statements end after 30 s, lock waits after 10 s.
    public static let pooled = SessionSettings(statementTimeout: .seconds(30), lockTimeout: .seconds(10))

    /// These settings without the timeouts, for dedicated connections whose bulk work may
    /// legitimately run long (a replay's load, the projector's catch-up).
    public var withoutTimeouts: SessionSettings {
        var settings = self
        settings.statementTimeout = nil
        settings.lockTimeout = nil
        return settings
    }

    /// The libpq keyword/value pairs that carry these settings.
    var connectionParameters: [(String, String)] {
        var parameters = [
            ("keepalives", "1"),
            ("keepalives_idle", String(Self.wholeSeconds(keepaliveIdle))),
            ("keepalives_interval", String(Self.wholeSeconds(keepaliveInterval))),
            ("keepalives_count", String(keepaliveCount)),
        ]
        var options: [String] = []
        if let statementTimeout { options.append("-c statement_timeout=\(Self.milliseconds(statementTimeout))") }
        if let lockTimeout { options.append("-c lock_timeout=\(Self.milliseconds(lockTimeout))") }
        if !options.isEmpty { parameters.append(("options", options.joined(separator: " "))) }
        return parameters
    }

    /// Whole milliseconds (PostgreSQL's unit for both timeouts).
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Whole seconds, at least one (libpq's unit for keepalives; 0 would mean the system default).
    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        max(1, duration.components.seconds)
    }
}
