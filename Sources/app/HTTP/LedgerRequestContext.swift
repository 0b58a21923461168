import Events
import Foundation
import Hummingbird

/// The per-request context: Hummingbird's core plus the caller's identity.
struct LedgerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` for every route that needs a token.
    var identity: Identity?

    init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// JSON bodies are limited to 1 MiB (the import route reads its own, larger body).
    var maxUploadSize: Int { 1 << 20 }

    /// JSON answers with RFC 3339 timestamps and stable key order.
    var responseEncoder: JSONEncoder { Self.encoder }

    /// The one encoder for answers.
    static let encoder = RFC3339.jsonEncoder()

    /// The caller's identity; a route reached without one is a 401.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw Problem.unauthorized("send Authorization: Bearer <token>") }
        return identity
    }
}
