public import Foundation

/// The kind of a stream, the part of its id before the first `-`.
public enum StreamKind: String, Sendable, Hashable, CaseIterable {
    /// `dispute-<uuid>`: one dispute (矛盾纠纷) from logging to follow-up.
    case dispute
    /// `alert-<uuid>`: one alert (警情) from receipt to clearance.
    case alert
    /// `station-<id>`: a station's reference data: itself, its communities, its targets.
    case station

    /// The kind named by a stream id's category, or nil for an unknown category.
    public init?(streamId: String) {
        self.init(rawValue: String(streamId.prefix { $0 != "-" }))
    }

    /// One stream of this kind as messages name it, e.g. "an alert's record".
    var record: String {
        switch self {
        case .dispute: "a dispute's record"
        case .alert: "an alert's record"
        case .station: "a station's record"
        }
    }

    /// The stream id of one dispute.
    public static func disputeStreamId(_ disputeId: UUID) -> String {
        "dispute-\(disputeId.lowercasedText)"
    }

    /// The stream id of one alert.
    public static func alertStreamId(_ alertId: UUID) -> String {
        "alert-\(alertId.lowercasedText)"
    }

    /// The stream id of one station's reference data.
    public static func stationStreamId(_ stationId: String) -> String {
        "station-\(stationId)"
    }
}
