public import Foundation

/// One entry of a stream as projections and rules see it: not retracted, with every
/// amendment applied.
public struct EffectiveEvent: Sendable, Equatable {
    /// The entry with amended payload fields and amended `occurredAt`.
    public var envelope: EventEnvelope
    /// How many amendments were applied to it.
    public var amendments: Int
    /// How many of those moved its `occurredAt`; summed into `amendedTimes`.
    public var timeAmendments: Int

    /// An effective entry from its parts.
    public init(envelope: EventEnvelope, amendments: Int = 0, timeAmendments: Int = 0) {
        self.envelope = envelope
        self.amendments = amendments
        self.timeAmendments = timeAmendments
    }

    /// The entry's id, the one corrections target.
    public var eventId: UUID { envelope.eventId }
    /// The payload, amended.
    public var event: DomainEvent { envelope.event }
    /// When it happened, amended.
    public var occurredAt: Date { envelope.occurredAt }
}
