public import Logging

/// A bounded pool of connections to one database.
///
/// At most `maximumConnections` are open; further callers wait for one to be returned,
/// up to `leaseTimeout` (if set), after which they fail with ``PostgresError/Condition/poolExhausted``.
/// A connection that broke while leased is closed and replaced, never handed out again.
/// Every connection opens with `session` (by default 30 s statement and 10 s lock timeouts,
/// and TCP keepalives).
public actor ConnectionPool {
    /// The database URL the pool connects to.
    public nonisolated let url: String
    /// The database name replacing the URL's, if any.
    public nonisolated let database: String?
    /// The most connections open at once.
    public nonisolated let maximumConnections: Int
    /// A role every connection switches to (`SET ROLE`) before use, if any.
    public nonisolated let sessionRole: String?
    /// The timeouts and keepalives every pooled connection opens with.
    public nonisolated let session: SessionSettings
    /// The longest a caller waits for a free connection; nil waits as long as it takes.
    public nonisolated let leaseTimeout: Duration?
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<PostgresConnection?, any Error>)] = []
    private var nextWaiterID = 0
    private var closed = false

    public init(
        url: String, database: String? = nil, maximumConnections: Int = 8, sessionRole: String? = nil,
        session: SessionSettings = .pooled, leaseTimeout: Duration? = .seconds(5), logger: Logger
    ) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.url = url
        self.database = database
        self.sessionRole = sessionRole
        self.maximumConnections = maximumConnections
        self.session = session
        self.leaseTimeout = leaseTimeout
        self.logger = logger
    }

    /// Leases a connection for the duration of `body`, then returns it to the pool.
    public nonisolated func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let value = try await body(connection)
            await giveBack(connection)
            return value
        } catch {
            await giveBack(connection)
            throw error
        }
    }

    /// Leases a connection and runs `body` inside one transaction on it.
    public nonisolated func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction { try await body(connection) }
        }
    }

    /// Closes every idle connection and fails waiting and future leases.
    public func close() async {
        closed = true
        let connections = idle
        idle = []
        openCount -= connections.count
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.poolClosed) }
        waiters = []
        for connection in connections { await connection.close() }
    }

    private func lease() async throws -> PostgresConnection {
        let deadline = leaseTimeout.map { ContinuousClock.now + $0 }
        while true {
            guard !closed else { throw PostgresError.poolClosed }
            if let connection = idle.popLast() {
                if connection.isUsable { return connection }
                openCount -= 1
                continue
            }
            if openCount < maximumConnections {
                openCount += 1
                do {
                    return try await openConnection(applicationName: "ledger", session: session)
                } catch {
                    openCount -= 1
                    wakeOneWaiter()
                    throw error
                }
            }
            if let handedOver = try await waitForConnection(until: deadline) { return handedOver }
        }
    }

    /// Opens a connection to the pool's database working as ``sessionRole`` (if any).
    nonisolated func openConnection(applicationName: String, session: SessionSettings) async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(
            url: url, database: database, applicationName: applicationName, session: session)
        guard let sessionRole else { return connection }
        do {
            try await connection.run(script: "set role \(DatabaseAdmin.quoteIdentifier(sessionRole))")
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Queues the caller until a connection is handed over (or a slot frees: nil), the
    /// deadline passes (pool exhausted) or its task is cancelled.
    private func waitForConnection(until deadline: ContinuousClock.Instant?) async throws -> PostgresConnection? {
        let id = nextWaiterID
        nextWaiterID += 1
        // The timer and the cancellation handler reach this actor only after the waiter
        // below is queued, so neither can miss it.
        let timer = deadline.map { deadline in
            Task {
                try? await Task.sleep(until: deadline)
                self.removeWaiter(id, failing: PostgresError.poolExhausted)
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.removeWaiter(id, failing: CancellationError()) }
        }
    }

    /// Fails the waiter `id` with `error` unless it was already served.
    private func removeWaiter(_ id: Int, failing error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    private func giveBack(_ connection: PostgresConnection) async {
        guard connection.isUsable, !closed else {
            openCount -= 1
            if !connection.isUsable {
                logger.info("discarding a broken database connection")
            }
            await connection.close()
            wakeOneWaiter()
            return
        }
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().continuation.resume(returning: connection)
        }
    }

    /// Lets one waiter try again to open a connection, now that a slot is free.
    private func wakeOneWaiter() {
        if !waiters.isEmpty { waiters.removeFirst().continuation.resume(returning: nil) }
    }
}
