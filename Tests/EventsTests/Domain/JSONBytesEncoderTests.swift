import Foundation
import Testing

@testable import Events

/// Payload bytes written without `JSONEncoder` read back as the same JSON it writes.
struct JSONBytesEncoderTests {
    private func reread(_ bytes: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: bytes)
    }

    @Test func writesTheSameJSONAsJSONEncoderForAnyValue() throws {
        var generator = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> JSONValue {
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
            case 5: return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in random(depth + 1) })
            default:
                return .object(Dictionary(
                    (0..<Int.random(in: 0..<4, using: &generator)).map { ("k\($0)", random(depth + 1)) },
                    uniquingKeysWith: { first, _ in first }))
            }
        }
        for _ in 0..<500 {
            let value = random(0)
            let ours = try JSONBytesEncoder.data(of: value)
            #expect(try reread(ours) == reread(JSONEncoder().encode(value)), "\(String(decoding: ours, as: UTF8.self))")
        }
    }

    @Test func sortsKeysAndWritesUUIDsAndDatesAsPayloadsAlwaysHadThem() throws {
        struct Sample: Encodable {
            let zebra = 1
            let alpha: UUID
            let when: Date
            let missing: String? = nil
            let nested = ["b": 2, "a": 1]
        }
        let id = UUID()
        let when = Date(timeIntervalSince1970: 1_709_280_000.25)
        let bytes = try JSONBytesEncoder.data(of: Sample(alpha: id, when: when))
        let expected = #"{"alpha":"\#(id.uuidString)","nested":{"a":1,"b":2},"when":"\#(RFC3339.string(from: when))","zebra":1}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func refusesNumbersJSONCannotHold() {
        #expect(throws: EncodingError.self) { try JSONBytesEncoder.data(of: [Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder.data(of: ["x": Double.nan]) }
    }
}
