/// Any event of the contract, decoded and upcast to its current payload version.
public enum DomainEvent: Sendable, Equatable {
    /// See `StationRegistered`.
    case stationRegistered(StationRegistered)
    /// See `CommunityRegistered`.
    case communityRegistered(CommunityRegistered)
    /// See `StationTargetChanged`.
    case stationTargetChanged(StationTargetChanged)
    /// See `DisputeLogged`.
    case disputeLogged(DisputeLogged)
    /// See `MediationHeld`.
    case mediationHeld(MediationHeld)
    /// See `DisputeReferred`.
    case disputeReferred(DisputeReferred)
    /// See `DisputeResolved`.
    case disputeResolved(DisputeResolved)
    /// See `DisputeClosedUnresolved`.
    case disputeClosedUnresolved(DisputeClosedUnresolved)
    /// See `DisputeReopened`.
    case disputeReopened(DisputeReopened)
    /// See `FollowUpConducted`.
    case followUpConducted(FollowUpConducted)
    /// See `PartyDataErased`.
    case partyDataErased(PartyDataErased)
    /// See `AlertReceived`.
    case alertReceived(AlertReceived)
    /// See `AlertReclassified`.
    case alertReclassified(AlertReclassified)
    /// See `UnitDispatched`.
    case unitDispatched(UnitDispatched)
    /// See `UnitEnRoute`.
    case unitEnRoute(UnitEnRoute)
    /// See `UnitArrived`.
    case unitArrived(UnitArrived)
    /// See `AlertDiverted`.
    case alertDiverted(AlertDiverted)
    /// See `AlertCleared`.
    case alertCleared(AlertCleared)
    /// See `AlertCancelled`.
    case alertCancelled(AlertCancelled)
    /// See `AlertReopened`.
    case alertReopened(AlertReopened)
    /// See `EntryRetracted`.
    case entryRetracted(EntryRetracted)
    /// See `EntryAmended`.
    case entryAmended(EntryAmended)

    /// The event's `type` in the log, e.g. `MediationHeld`.
    public var typeName: String { payloadType.eventType }

    /// The payload version this code writes for the event's type.
    public var schemaVersion: Int { payloadType.schemaVersion }

    /// The kind of stream the event belongs on; nil for corrections, which fit any.
    public var streamKind: StreamKind? { payloadType.streamKind }

    /// Whether the event corrects another (`EntryRetracted`, `EntryAmended`).
    public var isCorrection: Bool { streamKind == nil }

    /// The station the payload names, for events that carry one: those that start a stream
    /// and the station's own events. For the others the stream's station applies.
    public var stationId: String? {
        switch self {
        case .stationRegistered(let event): event.stationId
        case .communityRegistered(let event): event.stationId
        case .stationTargetChanged(let event): event.stationId
        case .disputeLogged(let event): event.stationId
        case .alertReceived(let event): event.stationId
        default: nil
        }
    }

    /// The stream the payload itself names (`dispute-<id>`, `alert-<id>`, `station-<id>`),
    /// or nil when the caller must say which stream the event goes to.
    public var streamId: String? {
        switch self {
        case .disputeLogged(let event): StreamKind.disputeStreamId(event.disputeId)
        case .alertReceived(let event): StreamKind.alertStreamId(event.alertId)
        case .stationRegistered, .communityRegistered, .stationTargetChanged:
            stationId.map(StreamKind.stationStreamId)
        default: nil
        }
    }

    /// Whether the event creates its stream (`DisputeLogged`, `AlertReceived`,
    /// `StationRegistered`); every other event needs an existing stream.
    public var startsStream: Bool {
        switch self {
        case .disputeLogged, .alertReceived, .stationRegistered: true
        default: false
        }
    }

    /// The payload as its conforming type, for the registry and the rules.
    var payload: any EventPayload {
        switch self {
        case .stationRegistered(let event): event
        case .communityRegistered(let event): event
        case .stationTargetChanged(let event): event
        case .disputeLogged(let event): event
        case .mediationHeld(let event): event
        case .disputeReferred(let event): event
        case .disputeResolved(let event): event
        case .disputeClosedUnresolved(let event): event
        case .disputeReopened(let event): event
        case .followUpConducted(let event): event
        case .partyDataErased(let event): event
        case .alertReceived(let event): event
        case .alertReclassified(let event): event
        case .unitDispatched(let event): event
        case .unitEnRoute(let event): event
        case .unitArrived(let event): event
        case .alertDiverted(let event): event
        case .alertCleared(let event): event
        case .alertCancelled(let event): event
        case .alertReopened(let event): event
        case .entryRetracted(let event): event
        case .entryAmended(let event): event
        }
    }

    /// The payload's type, for its static facts.
    var payloadType: any EventPayload.Type { type(of: payload) }
}
