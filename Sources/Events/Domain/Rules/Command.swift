public import Foundation

/// What a clerk asks to record: the event, when it happened, and who asks.
public struct Command: Sendable, Equatable {
    /// The id the entry will have; a client-supplied id makes re-sends idempotent.
    public var eventId: UUID
    /// The entry to record.
    public var event: DomainEvent
    /// When it happened in the world.
    public var occurredAt: Date
    /// Who records it (the token subject).
    public var actor: String
    /// The recorder's role.
    public var role: ActorRole
    /// Whether the server's clock chose `occurredAt` because the client left it out; then a
    /// re-send is recognised as a repeat whatever its own time (events.md, Idempotency).
    public var timeChosenByServer: Bool

    /// A command to record `event`.
    public init(
        _ event: DomainEvent, eventId: UUID = UUID(), occurredAt: Date, actor: String,
        role: ActorRole = .clerk, timeChosenByServer: Bool = false
    ) {
        self.eventId = eventId
        self.event = event
        self.occurredAt = occurredAt
        self.actor = actor
        self.role = role
        self.timeChosenByServer = timeChosenByServer
    }
}
