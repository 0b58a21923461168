import Events
import Foundation
import Hummingbird
import NIOCore

/// The routes of one kind of record (`/disputes` or `/alerts`): opening it, every entry
/// that may follow, corrections, and reading it back.
struct RecordController: Sendable {
    /// What differs between disputes and alerts.
    struct Kind: Sendable {
        /// `dispute`, `alert`: for messages.
        let noun: String
        /// The payload field naming a new record's id (`disputeId`).
        let idField: String
        /// The event that opens a record (`DisputeLogged`).
        let opening: String
        /// The write routes after `/{id}/`, with the event each records.
        let followUps: [(path: String, type: String)]
        /// The stream id of a record id.
        let streamId: @Sendable (UUID) -> String
        /// The record's answer from its history, nil when the stream holds no such record.
        let view: @Sendable (StreamHistory, [HistoryEntry]?) -> (stationId: String, body: any Encodable & Sendable)?
    }

    let kind: Kind
    let recorder: Recorder
    let store: EventStore

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.post { request, context in
            var input = try await WriteInput.read(request, context: context)
            if input.payload[kind.idField] == nil || input.payload[kind.idField] == .null {
                // The record takes its opening event's id, so a retry of the same request
                // after a lost answer names the same record and is answered as a repeat.
                input.payload[kind.idField] = .string(input.eventId.uuidString.lowercased())
            }
            return try await recorder.record(kind.opening, input: input, on: nil, context: context, roles: [.clerk, .admin])
        }
        let entries = kind.followUps.map { ($0.path, $0.type, [ActorRole.clerk, .admin]) }
            + [("retractions", "EntryRetracted", [.clerk, .supervisor, .admin]), ("amendments", "EntryAmended", [.clerk, .supervisor, .admin])]
        for (path, type, roles) in entries {
            group.post("{id}/\(path)") { request, context in
                let input = try await WriteInput.read(request, context: context)
                return try await recorder.record(type, input: input, on: try streamId(context), context: context, roles: roles)
            }
        }
        group.get("{id}") { request, context in
            let identity = try context.requireIdentity()
            let recorded = try await store.readStream(try streamId(context))
            let withHistory = request.uri.queryParameters.get("history") == "true"
            let history = try StreamHistory(recorded: recorded)
            var entries: [HistoryEntry]?
            if withHistory {
                // Parties are opened only for a caller who may see the record.
                if let stationId = history.stationId { try identity.requireAccess(to: stationId) }
                entries = try await store.revealingParties(recorded).map(HistoryEntry.init)
            }
            guard let read = kind.view(history, entries) else {
                throw Problem.notFound("\(kind.noun) \(context.parameters.get("id") ?? "") does not exist")
            }
            try identity.requireAccess(to: read.stationId)
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .eTag: "\"\(history.version)\""],
                body: .init(byteBuffer: ByteBuffer(bytes: try LedgerRequestContext.encoder.encode(read.body)))
            )
        }
    }

    private func streamId(_ context: LedgerRequestContext) throws -> String {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text) else { throw Problem.notFound("\(kind.noun) \(text) does not exist") }
        return kind.streamId(id)
    }
}

extension RecordController.Kind {
    /// Disputes: logged, mediated, referred, resolved or closed, reopened, followed up.
    static let dispute = RecordController.Kind(
        noun: "dispute", idField: "disputeId", opening: "DisputeLogged",
        followUps: [
            ("mediations", "MediationHeld"), ("referrals", "DisputeReferred"), ("resolution", "DisputeResolved"),
            ("closure", "DisputeClosedUnresolved"), ("reopening", "DisputeReopened"), ("follow-ups", "FollowUpConducted"),
        ],
        streamId: StreamKind.disputeStreamId,
        view: { history, entries in
            DisputeLifecycle.state(of: history).map {
                ($0.stationId, DisputeView(state: $0, version: history.version, history: entries))
            }
        }
    )

    /// Alerts: received, reclassified, dispatched, en route, arrived, diverted, cleared,
    /// cancelled or reopened.
    static let alert = RecordController.Kind(
        noun: "alert", idField: "alertId", opening: "AlertReceived",
        followUps: [
            ("reclassification", "AlertReclassified"), ("dispatches", "UnitDispatched"), ("en-route", "UnitEnRoute"),
            ("arrivals", "UnitArrived"), ("diversion", "AlertDiverted"), ("clearance", "AlertCleared"),
            ("cancellation", "AlertCancelled"), ("reopening", "AlertReopened"),
        ],
        streamId: StreamKind.alertStreamId,
        view: { history, entries in
            AlertLifecycle.state(of: history).map {
                ($0.stationId, AlertView(state: $0, version: history.version, history: entries))
            }
        }
    )
}
