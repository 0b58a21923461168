import Events
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /import`: an NDJSON file of events, one a line, recorded with the routes' rules
/// (admin only); answers what was accepted, already there, and refused.
struct ImportController {
    /// The largest body the route reads (api.md: 64 MiB).
    static let maximumBodyBytes = 64 << 20

    let importer: Importer

    init(store: EventStore, logger: Logger) {
        importer = Importer(store: store, logger: logger)
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("import") { request, context in
            try await importFile(request, context: context)
        }
    }

    /// 403 unless admin, 415 unless NDJSON, 413 over 64 MiB (up front from
    /// `Content-Length`, else while reading), 408 when the body stops arriving for longer
    /// than the body timeout (a file may take minutes, so only the pauses are bounded); the
    /// body is read as it arrives. A 413 or 408 after batches were written says what they
    /// held, as the normal answer does.
    private func importFile(_ request: Request, context: LedgerRequestContext) async throws -> ImportAnswer {
        let identity = try context.requireIdentity()
        try identity.require(.admin)
        try WriteInput.requireJSON(request, "application/x-ndjson")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBodyBytes {
            throw ByteLimitedBody<RequestBody>.tooLarge(Self.maximumBodyBytes)
        }
        let timed = TimedBody(base: request.body, limit: .betweenChunks(context.bodyTimeout), channel: context.channel)
        let body = ByteLimitedBody(base: timed, limit: Self.maximumBodyBytes)
        let report = try await importer.run(body, actor: identity.actor, role: identity.role)
        AppMetrics.countAppended(report.accepted)
        return ImportAnswer(report)
    }
}
