/// A rate with what it divides: `value = numerator / denominator`, nil when the
/// denominator is 0.
///
/// Written as three fields side by side: `<name>` (the fraction 0–1 at full precision or
/// `null`), `<name>Numerator` and `<name>Denominator`.
public struct Rate: Sendable, Equatable {
    /// What is counted (fractional only for the weighted satisfaction rate).
    public var numerator: Double
    /// What it is divided by.
    public var denominator: Int

    /// A rate of `numerator` over `denominator`.
    public init(_ numerator: Double, over denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A rate of whole counts.
    public init(_ numerator: Int, over denominator: Int) {
        self.init(Double(numerator), over: denominator)
    }

    /// The fraction, nil when the denominator is 0.
    public var value: Double? {
        denominator == 0 ? nil : numerator / Double(denominator)
    }
}

extension KeyedEncodingContainer where Key == MetricKey {
    /// Writes `rate` as `name`, `nameNumerator`, `nameDenominator`.
    mutating func encode(_ rate: Rate, as name: String) throws {
        try encode(rate.value, forKey: MetricKey(name))
        if rate.numerator == rate.numerator.rounded(), abs(rate.numerator) < 1e15 {
            try encode(Int64(rate.numerator), forKey: MetricKey(name + "Numerator"))
        } else {
            try encode(rate.numerator, forKey: MetricKey(name + "Numerator"))
        }
        try encode(rate.denominator, forKey: MetricKey(name + "Denominator"))
    }

    /// Writes an optional value, `null` when absent.
    mutating func encode<T: Encodable>(_ value: T?, forKey key: MetricKey) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
