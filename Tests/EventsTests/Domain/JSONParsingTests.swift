import Events
import Foundation
import Testing

/// `JSONValue(parsing:)` reads what `JSONDecoder` reads, the same way, and refuses what a
/// strict reader must.
struct JSONParsingTests {
    private func parsed(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-2.5,"g":1e3,"h":"","i":[],"j":{}}"#,
        #"  [ 1 , -0 , 0.25 , 12345678901234 , -9007199254740993 , 1E-2 ]  "#,
        #""\"\\\/\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00 派出所""#,
        #"{"k":"first wins","k":"v"}"#, "1.0", "2.5e1", "-0.0",
        "123", "null", "true", #"{"deaths":3000000000}"#, #"[99999999999999999999]"#,
    ])
    func readsWhatJSONDecoderReadsTheSameWay(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try parsed(text) == expected)
    }

    @Test func everyValueWrittenByJSONEncoderReadsBackEqual() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = RandomJSON.value(using: &generator)
            let bytes = try JSONEncoder().encode(value)
            let expected = try JSONDecoder().decode(JSONValue.self, from: bytes)
            #expect(try JSONValue(parsing: bytes) == expected, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "{'a':1}", "01", "-", "1.", "1e", ".5", "+1",
        "tru", "nul", #""abc"#, #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#,
        "\"tab\there\"", "1 2", "[1] x", "1e999", "-1e999", "NaN", "Infinity",
    ])
    func refusesWhatIsNotOneJSONText(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try parsed(text) }
    }

    @Test func refusesInvalidUTF8InsideAndOutsideEscapes() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D]) }
    }

    @Test func refusesNestingPastTheLimitWithoutExhaustingTheStack() throws {
        let limit = JSONValue.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try parsed(deepest) }
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONValue.ParseError.self) { try parsed(tooDeep) }
        let hostile = String(repeating: #"{"a":"#, count: 100_000)
        #expect(throws: JSONValue.ParseError.self) { try parsed(hostile) }
    }
}

/// Payloads decoded from the parsed tree equal those `JSONDecoder` decodes from bytes.
struct PayloadTreeDecodingTests {
    @Test func everyDemoEntryDecodesTheSameFromTheTreeAsFromBytes() throws {
        let first = try #require(LocalDate(year: 2024, month: 1, day: 1))
        let last = try #require(LocalDate(year: 2024, month: 12, day: 31))
        let lines = DemoLog(first: first, last: last).lines(now: Date(timeIntervalSince1970: 1_750_000_000))
        var types: Set<String> = []
        for line in lines {
            let parsed = try JSONValue(parsing: Array(line.utf8))
            guard case .object(let entry) = parsed, case .string(let type)? = entry["type"],
                  case .object(let payload)? = entry["data"]
            else {
                Issue.record("not an import line: \(line)")
                continue
            }
            var data = payload
            // Import names the stream with these; only the first events carry them.
            if type != "DisputeLogged" { data.removeValue(forKey: "disputeId") }
            if type != "AlertReceived" { data.removeValue(forKey: "alertId") }
            let bytes = try JSONEncoder().encode(JSONValue.object(data))
            let version = try #require(EventRegistry.currentSchemaVersion(of: type))
            // Entries that rely on submission defaults are not complete stored payloads.
            guard let viaJSONDecoder = try? EventRegistry.decodeStored(type: type, schemaVersion: version, data: bytes) else {
                continue
            }
            #expect(try EventRegistry.decodeSubmission(type: type, object: data) == viaJSONDecoder, "\(line)")
            types.insert(type)
        }
        #expect(types.count >= 8, "compared \(types.sorted())")
    }
}
