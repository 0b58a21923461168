import Crypto
public import Foundation

/// The SHA-256 that chains an event to the previous one of its stream, computed here
/// independently of the database function that stores it (`ledger.event_hash`, sql/0015).
///
/// The byte layout: the tag `ledger-event-v1`, event id (lower-case text), stream id,
/// stream version (decimal), type, schema version (decimal), occurred at (UTC microseconds
/// since 1970, decimal), actor, station id and data (jsonb's text output, exactly as
/// stored), each as a 4-byte big-endian UTF-8 length and its bytes; then the previous
/// event's 32-byte hash, 32 zero bytes for version 1.
public enum EventHash {
    /// The hash a stream's first event chains to.
    public static let genesis = Data(repeating: 0, count: 32)

    /// The hash of `event` given its predecessor's hash.
    public static func of(_ event: ChainedEvent, previous: Data) -> Data {
        let recorded = event.event
        var hasher = SHA256()
        for field in [
            "ledger-event-v1", recorded.eventId.uuidString.lowercased(), recorded.streamId,
            String(recorded.streamVersion), recorded.type, String(recorded.schemaVersion),
            String(event.occurredMicros), recorded.actor, recorded.stationId,
        ] {
            hasher.update(field: Data(field.utf8))
        }
        hasher.update(field: recorded.data)
        hasher.update(data: previous)
        return Data(hasher.finalize())
    }
}
