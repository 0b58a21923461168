import Events
import Foundation
import Hummingbird

/// `/disputes`: logging a dispute and everything that follows it, and reading one.
struct DisputesController {
    let recorder: Recorder
    let store: EventStore

    /// The write routes after `/disputes/{id}/`, with the event each records.
    static let followUps: [(path: String, type: String)] = [
        ("mediations", "MediationHeld"),
        ("referrals", "DisputeReferred"),
        ("resolution", "DisputeResolved"),
        ("closure", "DisputeClosedUnresolved"),
        ("reopening", "DisputeReopened"),
        ("follow-ups", "FollowUpConducted"),
    ]

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.post { request, context in
            var input = try await WriteInput.read(request, context: context)
            if input.payload["disputeId"] == nil || input.payload["disputeId"] == .null {
                input.payload["disputeId"] = .string(UUID().uuidString.lowercased())
            }
            return try await recorder.record("DisputeLogged", input: input, on: nil, context: context, roles: [.clerk, .admin])
        }
        for (path, type) in Self.followUps {
            group.post("{id}/\(path)") { request, context in
                let input = try await WriteInput.read(request, context: context)
                return try await recorder.record(type, input: input, on: try streamId(context), context: context, roles: [.clerk, .admin])
            }
        }
        group.post("{id}/retractions") { request, context in
            let input = try await WriteInput.read(request, context: context)
            return try await recorder.record("EntryRetracted", input: input, on: try streamId(context), context: context, roles: [.clerk, .supervisor, .admin])
        }
        group.post("{id}/amendments") { request, context in
            let input = try await WriteInput.read(request, context: context)
            return try await recorder.record("EntryAmended", input: input, on: try streamId(context), context: context, roles: [.clerk, .supervisor, .admin])
        }
        group.get("{id}") { request, context in
            let identity = try context.requireIdentity()
            let recorded = try await store.readStream(try streamId(context))
            let history = try StreamHistory(recorded: recorded)
            guard let state = DisputeLifecycle.state(of: history) else {
                throw Problem.notFound("dispute \(context.parameters.get("id") ?? "") does not exist")
            }
            try identity.requireAccess(to: state.stationId)
            let withHistory = request.uri.queryParameters.get("history") == "true"
            return DisputeView(state: state, version: history.version, history: withHistory ? try recorded.map(HistoryEntry.init) : nil)
        }
    }

    private func streamId(_ context: LedgerRequestContext) throws -> String {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text) else { throw Problem.notFound("dispute \(text) does not exist") }
        return StreamKind.disputeStreamId(id)
    }
}
