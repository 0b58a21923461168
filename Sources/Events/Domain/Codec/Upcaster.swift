/// One step that lifts a stored payload of one type from `fromVersion` to the next version.
///
/// Upcasters run on every read; the stored row keeps its old version and bytes.
struct Upcaster: Sendable {
    /// The event type it applies to.
    let eventType: String
    /// The version it reads; it writes `fromVersion + 1`.
    let fromVersion: Int
    /// The transformation of the JSON object.
    let upcast: @Sendable ([String: JSONValue]) -> [String: JSONValue]
}
