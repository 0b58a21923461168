import Foundation

/// Decodes a `Decodable` value straight from a parsed ``JSONValue``.
///
/// A submitted payload is read once into a `JSONValue` (to fill defaults and refuse
/// unknown fields); decoding the payload type from that value directly spares writing it
/// back to bytes and parsing them again with `JSONDecoder`. It throws the same
/// `DecodingError`s as `JSONDecoder` (kinds and coding paths), so `PayloadCoder` words
/// failures the same way.
struct JSONValueDecoder {
    /// `value` read as a `T`.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// A key of an array element in a coding path (`[3]`).
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) {
        intValue = index
    }

    init?(stringValue: String) {
        return nil
    }

    init?(intValue: Int) {
        self.intValue = intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else {
            throw mismatch([String: JSONValue].self, at: codingPath, found: value)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            throw mismatch([JSONValue].self, at: codingPath, found: value)
        }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValue(value: value, codingPath: codingPath)
    }
}

/// The error `JSONDecoder` throws when a value is not of the expected kind.
private func mismatch(_ type: Any.Type, at path: [any CodingKey], found value: JSONValue) -> DecodingError {
    if value == .null {
        return .valueNotFound(type, .init(codingPath: path, debugDescription: "Expected \(type) but found null instead."))
    }
    return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found another kind of value."))
}

/// Reads one scalar or nested value at `path`.
private func read<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
    if let value = value as? T { return value }
    switch value {
    case .string(let text):
        if let text = text as? T { return text }
        if T.self == UUID.self {
            guard let id = UUID(hyphenated: text) as? T else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: path, debugDescription: "Attempted to decode UUID from invalid UUID string."))
            }
            return id
        }
        if T.self == Date.self {
            guard let date = RFC3339.date(from: text) as? T else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\"\(text)\" is not an RFC 3339 timestamp"))
            }
            return date
        }
    case .bool(let flag):
        if let flag = flag as? T { return flag }
    case .integer(let integer):
        if let integer = integer as? T { return integer }
        if let integerType = T.self as? any FixedWidthInteger.Type, let converted = integerType.init(exactly: integer) as? T {
            return converted
        }
        if let floatType = T.self as? any BinaryFloatingPoint.Type, let converted = floatType.init(integer) as? T {
            return converted
        }
    case .number(let number):
        if let number = number as? T { return number }
        if let integerType = T.self as? any FixedWidthInteger.Type, let converted = integerType.init(exactly: number) as? T {
            return converted
        }
        if let floatType = T.self as? any BinaryFloatingPoint.Type, let converted = floatType.init(number) as? T {
            return converted
        }
    case .null, .array, .object:
        break
    }
    // Scalars decode themselves through a single-value container, which lands here again.
    if T.self is String.Type || T.self is Bool.Type || T.self is any FixedWidthInteger.Type
        || T.self is any BinaryFloatingPoint.Type || T.self is Date.Type
    {
        throw mismatch(T.self, at: path, found: value)
    }
    return try T(from: ValueDecoder(value: value, codingPath: path))
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        fields[key.stringValue] != nil
    }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try value(for: key) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try read(type, from: try value(for: key), at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(fields), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next(_ type: Any.Type) throws -> (JSONValue, [any CodingKey]) {
        let path = codingPath + [IndexKey(currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try read(type, from: value, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next(KeyedDecodingContainer<NestedKey>.self)
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next((any UnkeyedDecodingContainer).self)
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next((any Decoder).self)
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        value == .null
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try read(type, from: value, at: codingPath)
    }
}
