import Events

/// Random JSON values for round-trip tests: every kind, nested up to five levels, strings
/// with any scalar plus the characters JSON must escape, numbers up to ±1e300.
enum RandomJSON {
    static func value(depth: Int = 0, using generator: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int.random(in: Int.min...Int.max, using: &generator))
        case 3: return .number(Double.random(in: -1e300...1e300, using: &generator))
        case 4:
            let scalars = (0..<Int.random(in: 0..<12, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &generator))
            }
            return .string(String(String.UnicodeScalarView(scalars)) + "\"\\\n\t\u{1}/")
        case 5:
            return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                value(depth: depth + 1, using: &generator)
            })
        default:
            return .object(Dictionary(
                (0..<Int.random(in: 0..<4, using: &generator)).map { ("k\($0)", value(depth: depth + 1, using: &generator)) },
                uniquingKeysWith: { first, _ in first }))
        }
    }
}
