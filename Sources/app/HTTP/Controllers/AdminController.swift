import Events
import Foundation
import Hummingbird
import Logging
import NIOCore
import Projections

/// The admin routes: `GET /admin/projections` (each projection version's state,
/// checkpoint, lag and parked streams), `GET /admin/verification` (the log's check and
/// the station digests) and `POST /admin/disputes/{id}/party-erasure` (crypto-shredding).
struct AdminController {
    let monitor: ProjectionMonitor
    let store: EventStore
    let logger: Logger

    /// The answer: one entry per projection version.
    struct Projections: ResponseEncodable {
        let projections: [ProjectionStatus]
    }

    /// What `GET /admin/verification` answers: what `app verify` prints.
    struct Verification: ResponseEncodable {
        /// One thing found wrong.
        struct Finding: Encodable {
            let streamId: String
            let problem: String
        }

        let asOfPosition: Int64
        let events: Int
        let streams: Int
        /// Empty when the log is sound.
        let findings: [Finding]
        let digests: [StationDigest]

        init(_ report: LogVerifier.Report) {
            asOfPosition = report.asOfPosition
            events = report.events
            streams = report.streams
            findings = report.findings.map { Finding(streamId: $0.streamId, problem: $0.problem) }
            digests = report.digests
        }
    }

    /// What `POST /admin/disputes/{id}/party-erasure` answers: where the erasure's event
    /// landed and which parties it erased.
    struct Erasure: Encodable {
        let streamId: String
        let streamVersion: Int
        let globalPosition: Int64
        /// Lower-case, like every id the API shows.
        let eventId: String
        let partyIndexes: [Int]
    }

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("projections") { _, context in
            try context.requireIdentity().require(.admin)
            return Projections(projections: try await monitor.status())
        }
        group.get("verification") { request, context in
            try context.requireIdentity().require(.admin)
            let positions = request.uri.queryParameters.getAll("asOfPosition")
            var asOf: Int64?
            if let text = positions.first {
                guard positions.count == 1, let position = Int64(text), position >= 0 else {
                    throw Problem.badRequest("asOfPosition must be one whole number, a global position", field: "asOfPosition")
                }
                asOf = position
            }
            return Verification(try await LogVerifier(store: store, logger: logger).verify(asOfPosition: asOf))
        }
        group.post("disputes/{id}/party-erasure") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.admin)
            let text = context.parameters.get("id") ?? ""
            guard let disputeId = UUID(uuidString: text) else { throw Problem.notFound("dispute \(text) does not exist") }
            let (partyIndexes, reason) = try await Self.erasureRequest(request, context: context)
            let erasure = try await PartyEraser(store: store, logger: logger)
                .erase(disputeId: disputeId, partyIndexes: partyIndexes, reason: reason, actor: identity.name)
            guard let entry = erasure.result.entries.first else { throw Problem.notFound("dispute \(text) does not exist") }
            let body = Erasure(
                streamId: erasure.result.streamId, streamVersion: entry.streamVersion, globalPosition: entry.globalPosition,
                eventId: entry.eventId.uuidString.lowercased(), partyIndexes: erasure.partyIndexes)
            return Response(
                status: .created, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: try LedgerRequestContext.encoder.encode(body))))
        }
    }

    /// The body `{"partyIndexes": [0, …], "reason": "…"}`; no `partyIndexes` means every party.
    private static func erasureRequest(
        _ request: Request, context: LedgerRequestContext
    ) async throws -> (partyIndexes: [Int]?, reason: String) {
        try WriteInput.requireJSON(request)
        let bytes = try await request.body.collect(upTo: context.maxUploadSize)
        guard case .object(let body)? = try? JSONValue(parsing: bytes.readableBytesView) else {
            throw Problem.badRequest("the body must be a JSON object", field: "body")
        }
        if let unknown = body.keys.sorted().first(where: { $0 != "partyIndexes" && $0 != "reason" }) {
            throw Problem.badRequest("\(unknown) is not a field of an erasure; it takes partyIndexes and reason", field: unknown)
        }
        guard case .string(let reason)? = body["reason"] else {
            throw Problem.badRequest("reason must be given, as text", field: "reason")
        }
        switch body["partyIndexes"] {
        case nil, .null?:
            return (nil, reason)
        case .array(let values)?:
            let indexes = values.compactMap { if case .integer(let index) = $0, index >= 0 { index } else { nil } }
            guard indexes.count == values.count, !indexes.isEmpty else {
                throw Problem.badRequest("partyIndexes must be places in the dispute's parties: whole numbers, 0 or more", field: "partyIndexes")
            }
            return (indexes, reason)
        default:
            throw Problem.badRequest("partyIndexes must be an array of whole numbers", field: "partyIndexes")
        }
    }
}
