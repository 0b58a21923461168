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

    /// A command to record `event`.
    public init(
        _ event: DomainEvent, eventId: UUID = UUID(), occurredAt: Date, actor: String,
        role: ActorRole = .clerk
    ) {
        self.eventId = eventId
        self.event = event
        self.occurredAt = occurredAt
        self.actor = actor
        self.role = role
    }
}
