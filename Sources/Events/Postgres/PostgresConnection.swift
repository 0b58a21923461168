import CPostgres
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection.
///
/// Threading contract: libpq allows one thread at a time per connection, and its calls
/// block. Every call on this connection therefore runs on the connection's own serial
/// dispatch queue, which serialises them and keeps them off Swift's cooperative pool.
/// Callers may use the connection from any task, but should not interleave two
/// statements that belong together (a transaction) with another task's: lease it from a
/// ``ConnectionPool`` for that.
///
/// Cancelling the task that awaits a call cancels the statement on the server (libpq's
/// `PQcancel`, which is safe from any thread, sends it from outside the queue) and marks
/// the connection broken: its session may be inside a transaction the cancelled caller
/// can no longer roll back, so it is never reused.
public final class PostgresConnection: @unchecked Sendable {
    // Safe to share: `handle` and `prepared` are only read or written on `queue`, which is
    // serial; `broken` and `runningCall` are atomic; `cancelKey` is written once in init,
    // only passed to PQcancel (thread-safe) afterwards, and freed in deinit.
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private var prepared: Set<String> = []
    private let broken = Atomic<Bool>(false)
    private let cancelKey: OpaquePointer?
    /// The number of the call running on the queue now, 0 when none does.
    private let runningCall = Atomic<UInt64>(0)
    /// The number handed to the latest call (numbers start at 1).
    private let lastCall = Atomic<UInt64>(0)

    private init(handle: OpaquePointer, label: String) {
        self.handle = handle
        self.cancelKey = PQgetCancel(handle)
        self.queue = DispatchQueue(label: label)
    }

    deinit {
        if let cancelKey { PQfreeCancel(cancelKey) }
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection described by a `postgresql://` URL or a `key=value` string.
    ///
    /// The URL's own settings win over the defaults set here (a 5 s connect timeout and
    /// `session`: keepalives, and the timeouts it names); `database`, when given, replaces
    /// the URL's database name.
    public static func connect(
        url: String, database: String? = nil, applicationName: String = "ledger", session: SessionSettings = SessionSettings()
    ) async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try openBlocking(url: url, database: database, applicationName: applicationName, session: session)
                })
            }
        }
    }

    private static func openBlocking(url: String, database: String?, applicationName: String, session: SessionSettings) throws -> PostgresConnection {
        var settings: [(String, String)] = [
            ("connect_timeout", "5"),
            ("client_encoding", "UTF8"),
            ("application_name", applicationName),
        ]
        // Before the URL, so that the URL's own parameters win.
        settings += session.connectionParameters
        settings.append(("dbname", url))
        // Only the first dbname is read as a URL; a later one is a plain database name.
        if let database { settings.append(("dbname", database)) }
        let handle = withCStrings(settings.map(\.0)) { keywords in
            withCStrings(settings.map(\.1)) { values in
                (keywords + [nil]).withUnsafeBufferPointer { keywordBuffer in
                    (values + [nil]).withUnsafeBufferPointer { valueBuffer in
                        PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
                    }
                }
            }
        }
        guard let handle else { throw PostgresError.connectionFailed("out of memory") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError.connectionFailed(message)
        }
        // libpq prints notices (and a terminated session's last words) on stderr by default;
        // they say nothing a caller does not learn from results and errors.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return PostgresConnection(handle: handle, label: "ledger.postgres.connection")
    }

    /// The value libpq uses for connection parameter `keyword` (`keepalives`, …), if set.
    func connectionParameter(_ keyword: String) async throws -> String? {
        try await onQueue { handle in
            guard let options = PQconninfo(handle) else { return nil }
            defer { PQconninfoFree(options) }
            var option = options
            while let name = option.pointee.keyword {
                if String(cString: name) == keyword { return option.pointee.val.map { String(cString: $0) } }
                option = option.advanced(by: 1)
            }
            return nil
        }
    }

    /// False once the connection failed or was closed; a broken connection is never reused.
    public var isUsable: Bool { !broken.load(ordering: .acquiring) }

    /// Runs one statement with parameters (extended protocol, text format).
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> [PostgresRow] {
        try await onQueue { handle in
            try self.withParameters(parameters) { count, values in
                PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
            }
        }
    }

    /// Runs a prepared statement, preparing it on this connection the first time.
    @discardableResult
    public func execute(_ statement: PreparedStatement, _ parameters: [(any PostgresBindable)?] = []) async throws -> [PostgresRow] {
        try await onQueue { handle in
            if !self.prepared.contains(statement.name) {
                _ = try self.takeResult(PQprepare(handle, statement.name, statement.sql, 0, nil))
                self.prepared.insert(statement.name)
            }
            return try self.withParameters(parameters) { count, values in
                PQexecPrepared(handle, statement.name, count, values, nil, nil, 0)
            }
        }
    }

    /// Runs one or more statements without parameters (simple protocol), as migrations need.
    public func run(script: String) async throws {
        _ = try await onQueue { handle in try self.takeResult(PQexec(handle, script)) }
    }

    /// Runs `COPY … FROM STDIN` (text format) and sends `data` as its input; returns the rows copied.
    ///
    /// `data` is COPY text: one line per row, columns separated by tabs, `\N` for NULL
    /// (``CopyText`` builds it). A failure ends the COPY and throws like a failed statement.
    @discardableResult
    public func copyIn(_ sql: String, data: [UInt8]) async throws -> Int {
        try await onQueue { handle in
            guard let started = PQexec(handle, sql) else {
                self.checkConnection()
                throw PostgresError.connectionLost(String(cString: PQerrorMessage(handle)))
            }
            guard PQresultStatus(started) == PGRES_COPY_IN else { return try self.takeResult(started).count }
            PQclear(started)
            var sent = true
            var offset = 0
            let chunk = 1 << 18
            data.withUnsafeBytes { bytes in
                while sent, offset < bytes.count {
                    let length = min(chunk, bytes.count - offset)
                    let base = bytes.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: CChar.self) }
                    sent = PQputCopyData(handle, base, Int32(length)) == 1
                    offset += length
                }
            }
            guard sent, PQputCopyEnd(handle, nil) == 1 else {
                self.markBroken()
                throw PostgresError.connectionLost(String(cString: PQerrorMessage(handle)))
            }
            var copied = 0
            var failure: (any Error)?
            while let result = PQgetResult(handle) {
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    copied = Int(String(cString: PQcmdTuples(result))) ?? 0
                    PQclear(result)
                } else {
                    do { _ = try self.takeResult(result) } catch { failure = failure ?? error }
                }
            }
            if let failure { throw failure }
            return copied
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT`, rolling back when it throws.
    public func withTransaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await query("BEGIN")
        do {
            let value = try await body()
            try await query("COMMIT")
            return value
        } catch {
            if isUsable { _ = try? await query("ROLLBACK") }
            throw error
        }
    }

    /// Waits up to `timeout` for a NOTIFY on a channel this connection LISTENs to.
    ///
    /// Returns the payloads received (empty on timeout). The wait blocks this connection's
    /// queue, so use a connection dedicated to listening.
    public func waitForNotifications(timeout: Duration) async throws -> [String] {
        try await onQueue { handle in
            var payloads = try self.drainNotifications(handle)
            if !payloads.isEmpty { return payloads }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0, errno != EINTR {
                self.markBroken()
                throw PostgresError.connectionLost("poll failed")
            }
            payloads = try self.drainNotifications(handle)
            return payloads
        }
    }

    /// Closes the connection; later calls fail as unavailable.
    public func close() async {
        markBroken()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    // MARK: - On the queue

    /// Runs `body` on the queue; when the awaiting task is cancelled, cancels the statement
    /// the call is running (or skips the call if it has not started) and marks the
    /// connection broken.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        let call = lastCall.add(1, ordering: .relaxed).newValue
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    guard let handle = self.handle, self.isUsable else {
                        continuation.resume(throwing: PostgresError.connectionLost("connection is closed"))
                        return
                    }
                    // Published before `cancelled` is read, and cleared before it is read
                    // again: a cancel sent for this call is always followed by markBroken,
                    // so it can never reach a later caller's statement.
                    self.runningCall.store(call, ordering: .sequentiallyConsistent)
                    guard !cancelled.value.load(ordering: .sequentiallyConsistent) else {
                        self.runningCall.store(0, ordering: .sequentiallyConsistent)
                        self.markBroken()
                        continuation.resume(throwing: PostgresError.cancelled)
                        return
                    }
                    let result = Result { try body(handle) }
                    self.runningCall.store(0, ordering: .sequentiallyConsistent)
                    guard cancelled.value.load(ordering: .sequentiallyConsistent) else {
                        continuation.resume(with: result)
                        return
                    }
                    self.markBroken()
                    // A statement that completed before the cancel arrived keeps its result.
                    continuation.resume(with: result.mapError { _ in PostgresError.cancelled })
                }
            }
        } onCancel: {
            cancelled.value.store(true, ordering: .sequentiallyConsistent)
            if runningCall.load(ordering: .sequentiallyConsistent) == call { sendCancel() }
        }
    }

    /// Whether the task awaiting one call was cancelled (a class: the queue's closure shares it).
    private final class CancelFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// Asks the server to cancel whatever this session runs now; may arrive after the
    /// statement finished, which is harmless because the call is then discarded anyway.
    private func sendCancel() {
        guard let cancelKey else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancelKey, &message, Int32(message.count))
    }

    private func withParameters(
        _ parameters: [(any PostgresBindable)?],
        _ send: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> OpaquePointer?
    ) throws -> [PostgresRow] {
        let texts = parameters.map { $0?.postgresText }
        // A C string ends at U+0000: such a value would reach the server cut short.
        if texts.contains(where: { $0?.utf8.contains(0) == true }) { throw PostgresError.nulInParameter }
        let result = Self.withCStrings(texts) { values in
            values.withUnsafeBufferPointer { send(Int32(values.count), $0.baseAddress) }
        }
        return try takeResult(result)
    }

    /// Converts a result to rows and frees it: the one place a `PGresult` is cleared.
    private func takeResult(_ result: OpaquePointer?) throws -> [PostgresRow] {
        guard let result else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "no connection"
            checkConnection()
            throw PostgresError.connectionLost(message)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            let rowCount = PQntuples(result)
            let columnCount = PQnfields(result)
            let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
            return (0..<rowCount).map { row in
                PostgresRow(columns: columns, values: (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
            }
        default:
            let code = Self.field(result, ledger_pg_diag_sqlstate).map { SQLState($0) }
            let message = Self.field(result, ledger_pg_diag_message_primary)
                ?? String(cString: PQresultErrorMessage(result))
            let error = PostgresError.server(
                code: code,
                message: message,
                detail: Self.field(result, ledger_pg_diag_message_detail),
                constraint: Self.field(result, ledger_pg_diag_constraint_name)
            )
            checkConnection()
            // The server sends a SQLSTATE with every error, so a failed result without one
            // is libpq's own report of a dropped connection ("server closed the connection
            // unexpectedly"), which can come while PQstatus still says CONNECTION_OK.
            if error.isUnavailable || code == nil { markBroken() }
            if !isUsable, !error.isUnavailable { throw PostgresError.connectionLost(message, code: code) }
            throw error
        }
    }

    private func drainNotifications(_ handle: OpaquePointer) throws -> [String] {
        guard PQconsumeInput(handle) == 1 else {
            markBroken()
            throw PostgresError.connectionLost(String(cString: PQerrorMessage(handle)))
        }
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }

    private func checkConnection() {
        if let handle, PQstatus(handle) != CONNECTION_OK { markBroken() }
    }

    private func markBroken() {
        broken.store(true, ordering: .releasing)
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    /// Lends C copies of `strings` to `body` and frees them afterwards.
    private static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
