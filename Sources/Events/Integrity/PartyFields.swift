import Foundation

/// Where parties stand in a payload: `parties` of a `DisputeLogged`, and `changes.parties`
/// of an `EntryAmended` that replaces them. Each party is an object whose `name` and
/// `phone` identify a private person; those two are sealed (``PartySeal``).
enum PartyFields {
    /// The fields of a party that are sealed.
    static let sealed = ["name", "phone"]

    /// Whether a payload of `type` can hold parties, judged without parsing it.
    static func mayHold(type: String, data: Data) -> Bool {
        guard type == DisputeLogged.eventType || type == EntryAmended.eventType else { return false }
        return data.range(of: Data("\"parties\"".utf8)) != nil
    }

    /// The payload's parties and the JSON path of the list (`parties`, `changes.parties`),
    /// nil when it has none.
    static func parties(type: String, in payload: [String: JSONValue]) -> (list: [JSONValue], path: String)? {
        switch type {
        case DisputeLogged.eventType:
            if case .array(let list)? = payload["parties"] { return (list, "parties") }
        case EntryAmended.eventType:
            if case .object(let changes)? = payload["changes"], case .array(let list)? = changes["parties"] {
                return (list, "changes.parties")
            }
        default:
            break
        }
        return nil
    }

    /// The payload with its parties replaced by `list`.
    static func replacing(type: String, in payload: [String: JSONValue], with list: [JSONValue]) -> [String: JSONValue] {
        var payload = payload
        switch type {
        case DisputeLogged.eventType:
            payload["parties"] = .array(list)
        case EntryAmended.eventType:
            if case .object(var changes)? = payload["changes"] {
                changes["parties"] = .array(list)
                payload["changes"] = .object(changes)
            }
        default:
            break
        }
        return payload
    }
}
