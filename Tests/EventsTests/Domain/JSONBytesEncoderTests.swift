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
        for _ in 0..<500 {
            let value = RandomJSON.value(using: &generator)
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
