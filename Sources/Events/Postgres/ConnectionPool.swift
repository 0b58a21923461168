public import Logging

/// A bounded pool of connections to one database.
///
/// At most `maximumConnections` are open; further callers wait for one to be returned.
/// A connection that broke while leased is closed and replaced, never handed out again.
public actor ConnectionPool {
    /// The database URL the pool connects to.
    public nonisolated let url: String
    /// The database name replacing the URL's, if any.
    public nonisolated let database: String?
    /// The most connections open at once.
    public nonisolated let maximumConnections: Int
    /// A role every connection switches to (`SET ROLE`) before use, if any.
    public nonisolated let sessionRole: String?
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
    private var closed = false

    public init(url: String, database: String? = nil, maximumConnections: Int = 8, sessionRole: String? = nil, logger: Logger) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.url = url
        self.database = database
        self.sessionRole = sessionRole
        self.maximumConnections = maximumConnections
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
        for waiter in waiters { waiter.resume(throwing: PostgresError.poolClosed) }
        waiters = []
        for connection in connections { await connection.close() }
    }

    private func lease() async throws -> PostgresConnection {
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
                    let connection = try await PostgresConnection.connect(url: url, database: database)
                    if let sessionRole {
                        try await connection.run(script: "set role \(DatabaseAdmin.quoteIdentifier(sessionRole))")
                    }
                    return connection
                } catch {
                    openCount -= 1
                    wakeOneWaiter()
                    throw error
                }
            }
            let handedOver = try await withCheckedThrowingContinuation { waiters.append($0) }
            if let handedOver { return handedOver }
        }
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
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Lets one waiter try again to open a connection, now that a slot is free.
    private func wakeOneWaiter() {
        if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
    }
}
