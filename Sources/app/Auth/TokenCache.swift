import Synchronization

/// The identities of live tokens seen recently, so that a request does not look its token
/// up in the database.
///
/// Revocation must still be immediate: the cache is emptied on every revocation
/// (`NOTIFY ledger_tokens`, see ``TokenRevocationListener``) and bypassed while that
/// channel is not being listened to, so it only answers while it would hear of one. A
/// lookup that raced a revocation is not kept (the generation it started in has ended).
/// Unknown tokens are never kept: guessing cannot fill it, and a new token works at once.
final class TokenCache: Sendable {
    private struct State {
        var listening = false
        var generation = 0
        var identities: [String: Identity] = [:]
    }

    /// The most tokens kept; past it the cache starts again empty.
    static let capacity = 10_000

    private let state = Mutex(State())

    /// A cache that answers nothing until a listener reports it is listening.
    init() {}

    /// The kept identity of `token`, if the cache is answering and holds it.
    func identity(forToken token: String) -> Identity? {
        state.withLock { $0.listening ? $0.identities[token] : nil }
    }

    /// The generation a database lookup starts in, for ``keep(_:forToken:since:)``.
    func generation() -> Int {
        state.withLock(\.generation)
    }

    /// Keeps `identity` for `token` unless the cache was emptied since `generation`.
    func keep(_ identity: Identity, forToken token: String, since generation: Int) {
        state.withLock { state in
            guard state.listening, state.generation == generation else { return }
            if state.identities.count >= Self.capacity { state.identities.removeAll() }
            state.identities[token] = identity
        }
    }

    /// Forgets every token; answers again only if `listening`.
    func reset(listening: Bool) {
        state.withLock { state in
            state.listening = listening
            state.generation += 1
            state.identities.removeAll()
        }
    }
}
