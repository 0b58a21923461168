/// `AlertReceived` version 1 → 2: version 1 had no `policeMatter`, version 2 requires it.
///
/// The value is what the contract defaults to: false for category `non_police`, else true.
enum AlertReceivedUpcaster {
    /// The registered step.
    static let version1To2 = Upcaster(
        eventType: AlertReceived.eventType, fromVersion: 1, upcast: fillingPoliceMatter)

    /// The object with `policeMatter` set from `category` when it is absent or null; an
    /// object without a readable category is left for decoding to reject.
    static func fillingPoliceMatter(_ object: [String: JSONValue]) -> [String: JSONValue] {
        guard object["policeMatter"] == nil || object["policeMatter"] == .null,
            case .string(let text) = object["category"],
            let category = AlertCategory(rawValue: text)
        else { return object }
        var object = object
        object["policeMatter"] = .bool(category.isPoliceMatterByDefault)
        return object
    }
}
