import Events
import Foundation
import Hummingbird

/// `/stations`: registering stations and their communities (admin only).
struct StationsController {
    let recorder: Recorder

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.post { request, context in
            let input = try await WriteInput.read(request, context: context)
            return try await recorder.record("StationRegistered", input: input, on: nil, context: context, roles: [.admin])
        }
        group.post("{stationId}/communities") { request, context in
            var input = try await WriteInput.read(request, context: context)
            let stationId = context.parameters.get("stationId") ?? ""
            if let named = input.payload["stationId"], named != .string(stationId) {
                throw Problem.unprocessable("the body names another station than the path", field: "stationId")
            }
            input.payload["stationId"] = .string(stationId)
            return try await recorder.record(
                "CommunityRegistered", input: input, on: StreamKind.stationStreamId(stationId), context: context, roles: [.admin])
        }
    }
}
