import Foundation

/// One party of one event: what a party key belongs to.
struct PartyRef: Hashable, Sendable {
    /// The event that lists the party.
    let eventId: UUID
    /// Its place in the event's `parties`, from 0.
    let index: Int
}
