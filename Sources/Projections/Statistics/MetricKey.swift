/// A JSON key given by name, for result fields written in a fixed order with explicit nulls.
public struct MetricKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }

    /// The key `name`.
    public init(_ name: String) { self.stringValue = name }

    public init?(stringValue: String) { self.stringValue = stringValue }

    public init?(intValue: Int) { nil }
}

/// Figures that write themselves as fields of an object, so a row can put its group values
/// beside them.
public protocol MetricFigures: Encodable, Sendable, Equatable {
    /// Writes every metric into `container`, nulls included.
    func encodeMetrics(into container: inout KeyedEncodingContainer<MetricKey>) throws
}

extension MetricFigures {
    /// The figures as one JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MetricKey.self)
        try encodeMetrics(into: &container)
    }
}
