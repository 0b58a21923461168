import Crypto
import Foundation

/// Seals the parties of events about to be stored and opens them again for reading,
/// with the per-party keys of `ledger.party_keys` (sql/0016), which only the database
/// functions touch.
///
/// Every append and every repeat check passes here (``EventStore``), so routes and import
/// alike store parties sealed and compare a retry in sealed form.
enum PartySealer {
    /// `items`' events with every party's name and phone number sealed under the party's
    /// key, created on the first seal; events without parties are returned untouched.
    ///
    /// With `creatingKeys` false (a repeat check, which must not leave keys behind for an
    /// event that is refused) a party without a stored key stays in plain text, as parties
    /// stored before sealing began are.
    ///
    /// Throws ``EventStoreError/eventIdConflict`` for an event whose parties were erased
    /// (its retry can no longer be shown to be a repeat), and a ``Rejection`` for a name or
    /// number that looks like a sealed value, which would be taken for one on reading.
    static func seal(
        _ items: [(streamId: String, event: NewEvent)], creatingKeys: Bool = true, on connection: PostgresConnection
    ) async throws -> [NewEvent] {
        var found: [(item: Int, payload: [String: JSONValue], parties: [JSONValue], path: String)] = []
        var wanted: [(ref: PartyRef, streamId: String)] = []
        for (position, item) in items.enumerated() where PartyFields.mayHold(type: item.event.type, data: item.event.data) {
            guard case .object(let payload)? = try? JSONValue(parsing: item.event.data),
                  let parties = PartyFields.parties(type: item.event.type, in: payload)
            else { continue }
            found.append((position, payload, parties.list, parties.path))
            for (index, party) in parties.list.enumerated() {
                guard case .object = party else { continue }
                wanted.append((PartyRef(eventId: item.event.eventId, index: index), item.streamId))
            }
        }
        var events = items.map(\.event)
        guard !wanted.isEmpty else { return events }
        let keys = try await keys(for: wanted, creating: creatingKeys, on: connection)
        for entry in found {
            let event = events[entry.item]
            var parties = entry.parties
            for index in parties.indices {
                guard case .object(var party) = parties[index] else { continue }
                guard let stored = keys[PartyRef(eventId: event.eventId, index: index)] else {
                    if creatingKeys { throw EventStoreError.raced }
                    continue
                }
                guard let key = stored else { throw EventStoreError.eventIdConflict }
                for field in PartyFields.sealed {
                    guard case .string(let text)? = party[field] else { continue }
                    if PartySeal.isSealed(text) {
                        let at = "\(entry.path)[\(index)].\(field)"
                        throw Rejection.invalidPayload("\(at) must not start with \"\(PartySeal.prefix)\"", field: at)
                    }
                    party[field] = .string(try PartySeal.seal(text, key: key, eventId: event.eventId, party: index, field: field))
                }
                parties[index] = .object(party)
            }
            let payload = PartyFields.replacing(type: event.type, in: entry.payload, with: parties)
            events[entry.item].data = try JSONBytesEncoder.data(of: JSONValue.object(payload))
        }
        return events
    }

    /// `events` with their parties opened where their keys exist; a party whose key was
    /// erased shows as `{"erased": true}`. Parties stored before sealing began (plain
    /// text, sql/0016) show as stored.
    static func reveal(_ events: [RecordedEvent], on connection: PostgresConnection) async throws -> [RecordedEvent] {
        var found: [(item: Int, payload: [String: JSONValue], parties: [JSONValue])] = []
        for (position, event) in events.enumerated() where PartyFields.mayHold(type: event.type, data: event.data) {
            guard case .object(let payload)? = try? JSONValue(parsing: event.data),
                  let parties = PartyFields.parties(type: event.type, in: payload), !parties.list.isEmpty
            else { continue }
            found.append((position, payload, parties.list))
        }
        guard !found.isEmpty else { return events }
        let rows = try await connection.execute(
            keysOfStatement, [PostgresArray(found.map { events[$0.item].eventId })])
        var keys: [PartyRef: SymmetricKey] = [:]
        for row in rows {
            guard let hex = try row.decodeIfPresent("key_hex", as: String.self), let bytes = Data(hex: hex) else { continue }
            keys[PartyRef(eventId: try row.decode("event_id"), index: try row.decode("party_index"))] = SymmetricKey(data: bytes)
        }
        var revealed = events
        for entry in found {
            let event = events[entry.item]
            let parties = entry.parties.enumerated().map { index, party -> JSONValue in
                guard case .object(var fields) = party,
                      fields.values.contains(where: { if case .string(let text) = $0 { PartySeal.isSealed(text) } else { false } })
                else { return party }
                guard let key = keys[PartyRef(eventId: event.eventId, index: index)] else { return .object(["erased": .bool(true)]) }
                for field in PartyFields.sealed {
                    guard case .string(let text)? = fields[field], PartySeal.isSealed(text) else { continue }
                    guard let plain = PartySeal.open(text, key: key, eventId: event.eventId, party: index, field: field) else {
                        return .object(["erased": .bool(true)])
                    }
                    fields[field] = .string(plain)
                }
                return .object(fields)
            }
            let payload = PartyFields.replacing(type: event.type, in: entry.payload, with: parties)
            revealed[entry.item].data = try JSONBytesEncoder.data(of: JSONValue.object(payload))
        }
        return revealed
    }

    /// The key of each wanted party: stored, else (when `creating`) newly made and stored;
    /// nil when erased, absent when there is none.
    private static func keys(
        for wanted: [(ref: PartyRef, streamId: String)], creating: Bool, on connection: PostgresConnection
    ) async throws -> [PartyRef: SymmetricKey?] {
        let offered: [String?] = wanted.map { _ in
            creating ? "\\x" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.hexString : nil
        }
        let rows = try await connection.execute(keysForStatement, [
            PostgresArray(wanted.map(\.ref.eventId)), PostgresArray(wanted.map(\.ref.index)),
            PostgresArray(wanted.map(\.streamId)), PostgresArray(offered.map { $0 as (any PostgresBindable)? }),
        ])
        var keys: [PartyRef: SymmetricKey?] = [:]
        for row in rows {
            let ref = PartyRef(eventId: try row.decode("event_id"), index: try row.decode("party_index"))
            let key = try row.decodeIfPresent("key_hex", as: String.self).flatMap(Data.init(hex:)).map { SymmetricKey(data: $0) }
            keys.updateValue(key, forKey: ref)
        }
        return keys
    }

    private static let keysForStatement = PreparedStatement(
        name: "ledger_party_keys_for",
        sql: """
            select event_id, party_index, encode(key, 'hex') as key_hex
              from ledger.party_keys_for($1::uuid[], $2::integer[], $3::text[], $4::bytea[])
            """
    )

    private static let keysOfStatement = PreparedStatement(
        name: "ledger_party_keys_of",
        sql: "select event_id, party_index, encode(key, 'hex') as key_hex from ledger.party_keys_of($1::uuid[])"
    )
}
