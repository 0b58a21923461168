import Events
import Foundation
import Hummingbird

/// Records one write request as one event through the command handler, checking the
/// caller's role and station first.
struct Recorder: Sendable {
    let handler: CommandHandler

    /// Records `input` read as event `type` on `streamId` (nil: the stream the event names,
    /// for events that start one), for callers with one of `roles`.
    func record(
        _ type: String, input: WriteInput, on streamId: String?, context: LedgerRequestContext, roles: [ActorRole]
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(roles)
        let event = try input.event(type)
        guard let streamId = streamId ?? event.streamId else {
            throw Problem.badRequest("the body does not say which record it concerns")
        }
        let command = Command(
            event, eventId: input.eventId, occurredAt: input.occurredAt, actor: identity.actor, role: identity.role,
            timeChosenByServer: input.timeChosenByServer)
        let result = try await handler.handle(command, on: streamId, expectedVersion: input.expectedVersion) { stationId in
            try identity.requireAccess(to: stationId)
        }
        if !result.isRepeat { AppMetrics.countAppended(result.entries.count) }
        return try WriteResult.response(result, eventId: command.eventId)
    }
}
