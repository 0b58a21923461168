extension JSONValue {
    /// Why bytes are not one JSON text, with the byte offset where reading stopped.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong.
        public let reason: String
        /// The offset of the byte at fault.
        public let offset: Int

        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// The deepest nesting of arrays and objects accepted; deeper input is refused rather
    /// than read on an ever deeper stack.
    public static let maximumDepth = 256

    /// Reads one JSON text (RFC 8259) from UTF-8 bytes, in one pass.
    ///
    /// Every request body and import line is read through this. Decoding `JSONValue`
    /// through `JSONDecoder` tried each kind of value in turn and paid for a thrown error
    /// on every miss, which made reading a line the largest cost of an import. Strict:
    /// invalid UTF-8, lone surrogates, control characters in strings, leading zeros,
    /// non-finite numbers, trailing bytes and nesting past ``maximumDepth`` are refused.
    /// As with `JSONDecoder`, a number whose value is a whole number that fits `Int` is
    /// `.integer` however it is written (`1e3`, `1.0`), every other number `.number`, and
    /// a repeated key keeps its first value.
    public init(parsing bytes: some Collection<UInt8>) throws(ParseError) {
        let contiguous = Array(bytes)
        let parsed = contiguous.withUnsafeBufferPointer { buffer -> Result<JSONValue, ParseError> in
            var reader = Reader(bytes: buffer)
            do throws(ParseError) {
                let value = try reader.value()
                reader.skipWhitespace()
                guard reader.index == buffer.count else { throw reader.failure("unexpected bytes after the JSON value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        self = try parsed.get()
    }
}

/// The cursor of ``JSONValue/init(parsing:)``.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func failure(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(reason: reason, offset: index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    mutating func value() throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("the JSON text ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("a JSON value was expected")
        }
    }

    private mutating func enter() throws(JSONValue.ParseError) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else {
            throw failure("arrays and objects are nested deeper than \(JSONValue.maximumDepth) levels")
        }
        index += 1
    }

    private mutating func object() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("an object key was expected") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("\":\" was expected") }
            index += 1
            let item = try value()
            if fields[key] == nil { fields[key] = item }
            skipWhitespace()
            guard index < bytes.count else { throw failure("the JSON text ends inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(fields)
            default: throw failure("\",\" or \"}\" was expected")
            }
        }
    }

    private mutating func array() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw failure("the JSON text ends inside an array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(items)
            default: throw failure("\",\" or \"]\" was expected")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.ParseError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure("a JSON value was expected") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("a JSON value was expected")
        }
        index += count
    }

    private mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        var integral = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit was expected") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("a number may not have a leading zero") }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit was expected after \".\"") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a digit was expected in the exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let integer = Int(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else {
            index = start
            throw failure("the number is too large")
        }
        if let integer = Int(exactly: double) { return .integer(integer) }
        return .number(double)
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// A string starting at the opening quote; the cursor ends after the closing one.
    private mutating func string() throws(JSONValue.ParseError) -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(UnsafeBufferPointer(rebasing: bytes[start..<index]), from: start)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("a control character must be escaped in a string") }
            index += 1
        }
        var unescaped = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try unescaped.withUnsafeBufferPointer { buffer throws(JSONValue.ParseError) in
                    try validated(buffer, from: start)
                }
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &unescaped)
            case ..<0x20:
                throw failure("a control character must be escaped in a string")
            default:
                unescaped.append(byte)
                index += 1
            }
        }
        throw failure("the JSON text ends inside a string")
    }

    private func validated(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) throws(JSONValue.ParseError) -> String {
        guard let text = String(validating: buffer, as: UTF8.self) else {
            throw JSONValue.ParseError(reason: "a string is not valid UTF-8", offset: start)
        }
        return text
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into output: inout [UInt8]) throws(JSONValue.ParseError) {
        guard index < bytes.count else { throw failure("the JSON text ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hexQuad())
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("a high surrogate must be followed by a low one")
                }
                index += 2
                let low = UInt32(try hexQuad())
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a high surrogate must be followed by a low one") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone low surrogate is not a character") }
            output.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw failure("\\\(Character(Unicode.Scalar(byte))) is not a JSON escape")
        }
    }

    private mutating func hexQuad() throws(JSONValue.ParseError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw failure("\\u needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("\\u needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
