/// Reading parties back (see ``PartySealer``).
extension EventStore {
    /// `events` with each party's name and phone number opened for showing; a party whose
    /// data was erased (`app erase-party`) shows as `{"erased": true}`.
    ///
    /// Only readers that show parties to a person call this; the rules, projections and
    /// verification work on the sealed payloads as stored.
    public func revealingParties(_ events: [RecordedEvent]) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await PartySealer.reveal(events, on: connection)
        }
    }
}
