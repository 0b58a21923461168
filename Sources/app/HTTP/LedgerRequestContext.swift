import Events
import Foundation
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core plus the caller's identity and how long
/// its body may take.
struct LedgerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` for every route that needs a token.
    var identity: Identity?
    /// How long a body may take to arrive (``TimedBody``); set by ``BodyTimeoutMiddleware``.
    var bodyTimeout: Duration
    /// The connection the request arrived on, whose input a body that runs out of time shuts.
    let channel: any Channel

    /// The body timeout when the server is not told otherwise: far more than a clerk's
    /// client needs to send 1 MiB.
    static let defaultBodyTimeout: Duration = .seconds(30)

    init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        bodyTimeout = Self.defaultBodyTimeout
        channel = source.channel
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
