/// A closed set of text values fixed by the event contract, such as a dispute category.
///
/// Decoding a value outside the set throws a `DecodingError` whose message lists the
/// allowed values, so a clerk who sends `"neighbor"` learns that `"neighbour"` is expected.
public protocol ClosedValueSet: RawRepresentable, CaseIterable, Codable, Sendable, Hashable
where RawValue == String {}

extension ClosedValueSet {
    /// Decodes one of the allowed values or throws a message naming all of them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not one of \(Self.allowedValues)"
            )
        }
        self = value
    }

    /// The allowed values, comma-separated in contract order, for messages.
    public static var allowedValues: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
