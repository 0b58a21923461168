public import Events

/// A page request for a case list (`GET /disputes`, `GET /alerts`): newest first, keyset
/// paginated by the case's first time and stream id.
public struct CaseListQuery: Sendable, Equatable {
    /// The most cases one page may hold.
    public static let maximumLimit = 500

    /// The stations to list; nil lists every station.
    public var stationIds: [String]?
    /// Only cases in this status (contract name, e.g. `in_mediation`).
    public var status: String?
    /// First and last local date (inclusive) of the case's first event, in its station's zone.
    public var from: LocalDate?
    /// Last local date (inclusive); nil for no end.
    public var to: LocalDate?
    /// Cases per page, 1–500 (default 50).
    public var limit: Int
    /// Where the previous page ended.
    public var cursor: CaseCursor?

    /// A query from typed values (defaults: every station and status, 50 per page).
    public init(
        stationIds: [String]? = nil, status: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil,
        limit: Int = 50, cursor: CaseCursor? = nil
    ) {
        self.stationIds = stationIds
        self.status = status
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }

    /// Reads `status`, `from`, `to`, `limit` and `cursor` from raw parameters; `allowedStatuses`
    /// are the contract names of the listed kind. Stations are the caller's to set.
    public init(parameters raw: QueryParameters, allowedStatuses: [String]) throws(StatisticsQueryError) {
        var parameters = raw
        self.init()
        if let status = parameters.single("status") {
            if allowedStatuses.contains(status) {
                self.status = status
            } else {
                parameters.fail("status", "status must be one of \(allowedStatuses.joined(separator: ", ")), not \"\(status)\"")
            }
        }
        from = parameters.optionalDate("from")
        to = parameters.optionalDate("to")
        limit = parameters.integer("limit", in: 1...Self.maximumLimit) ?? 50
        if let text = parameters.single("cursor") {
            cursor = CaseCursor(text)
            if cursor == nil { parameters.fail("cursor", "cursor must be the nextCursor of a previous page") }
        }
        if let from, let to, to < from { parameters.fail("to", "to must not be before from") }
        if !parameters.errors.isEmpty { throw StatisticsQueryError(parameters.errors) }
    }
}

/// Where a case-list page ended: the last case's first time (microseconds) and stream id.
public struct CaseCursor: Sendable, Equatable, LosslessStringConvertible {
    let microseconds: Int64
    let streamId: String

    init(microseconds: Int64, streamId: String) {
        self.microseconds = microseconds
        self.streamId = streamId
    }

    /// The instants a cursor may name: those an entry may have (1900 to the end of 9999),
    /// so a forged cursor never reaches PostgreSQL as a timestamp it cannot represent.
    static let instants: ClosedRange<Int64> = -2_208_988_800_000_000...253_402_300_799_999_999

    /// Reads the `nextCursor` text of a previous page; nil for anything else.
    public init?(_ description: String) {
        let parts = description.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let microseconds = Int64(parts[0]), Self.instants.contains(microseconds), !parts[1].isEmpty
        else { return nil }
        self.init(microseconds: microseconds, streamId: String(parts[1]))
    }

    /// `<microseconds>_<streamId>`, opaque to clients.
    public var description: String { "\(microseconds)_\(streamId)" }
}
