public import Events

/// The projections the ledger keeps; each has its own versioned tables and checkpoint.
///
/// The stations projection holds reference data (zones, targets, communities) that the
/// statistics join at query time; disputes and alerts hold one row per stream.
public enum Projection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Stations, their response targets and communities.
    case stations
    /// One row per dispute.
    case disputes
    /// One row per alert.
    case alerts

    /// The kind of stream this projection derives its rows from.
    public var streamKind: StreamKind {
        switch self {
        case .stations: .station
        case .disputes: .dispute
        case .alerts: .alert
        }
    }

    /// The projection's name, as `app replay --projection` takes it.
    public var description: String { rawValue }

    /// The definition of its tables and rows.
    var model: any ReadModel.Type {
        switch self {
        case .stations: StationRecord.self
        case .disputes: DisputeCase.self
        case .alerts: AlertCase.self
        }
    }

    /// The session advisory lock key a live runner holds (one runner per projection).
    var runnerLockKey: String { "ledger.projection.runner.\(rawValue)" }

    /// The session advisory lock key a replay holds (one replay per projection).
    var replayLockKey: String { "ledger.projection.replay.\(rawValue)" }
}
