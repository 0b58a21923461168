import Foundation

/// Writes an `Encodable` payload as compact JSON bytes with sorted keys, without
/// `JSONEncoder`.
///
/// Every recorded entry's payload is written once; through `JSONEncoder` that was the
/// largest single cost of reading an import line. The output is what a payload needs and
/// no more: sorted keys (equal payloads give equal bytes), `Date` as RFC 3339 text, `UUID`
/// in Foundation's upper-case form (as payloads have always been stored, so that a
/// retried entry still compares equal), strings escaped as RFC 8259 requires, and
/// non-finite numbers refused.
struct JSONBytesEncoder {
    /// `value` as JSON bytes.
    static func data(of value: some Encodable) throws -> Data {
        let root = Node()
        try root.store(value, at: [])
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        root.write(to: &bytes)
        return Data(bytes)
    }
}

/// One value being encoded: a scalar already written out as JSON, an object or an array.
private final class Node {
    enum Content {
        case empty
        case scalar([UInt8])
        case object([String: Node])
        case array([Node])
    }

    var content = Content.empty

    /// Encodes `value` into this node.
    func store(_ value: some Encodable, at path: [any CodingKey]) throws {
        switch value {
        case let text as String: content = .scalar(Self.quoted(text))
        case let flag as Bool: content = .scalar(Array((flag ? "true" : "false").utf8))
        case let integer as Int: content = .scalar(Array(String(integer).utf8))
        case let integer as any FixedWidthInteger: content = .scalar(Array("\(integer)".utf8))
        case let number as Double: try storeNumber(number, at: path)
        case let number as Float: try storeNumber(Double(number), at: path)
        case let id as UUID: content = .scalar(Self.quoted(id.uppercasedText))
        case let date as Date: content = .scalar(Self.quoted(RFC3339.string(from: date)))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: path))
        }
    }

    private func storeNumber(_ number: Double, at path: [any CodingKey]) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: path, debugDescription: "\(number) is not a JSON number"))
        }
        content = .scalar(Array("\(number)".utf8))
    }

    /// This node's key-value pairs, making it an object if it is not one yet.
    func field(_ key: String) -> Node {
        let child = Node()
        if case .object(var fields) = content {
            content = .empty
            fields[key] = child
            content = .object(fields)
        } else {
            content = .object([key: child])
        }
        return child
    }

    /// A new last element, making this node an array if it is not one yet.
    func element() -> Node {
        let child = Node()
        if case .array(var items) = content {
            content = .empty
            items.append(child)
            content = .array(items)
        } else {
            content = .array([child])
        }
        return child
    }

    var count: Int {
        switch content {
        case .array(let items): items.count
        case .object(let fields): fields.count
        case .empty, .scalar: 0
        }
    }

    func write(to bytes: inout [UInt8]) {
        switch content {
        case .empty: bytes.append(contentsOf: "{}".utf8)
        case .scalar(let text): bytes.append(contentsOf: text)
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: Self.quoted(key))
                bytes.append(UInt8(ascii: ":"))
                fields[key]?.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case ..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValue(node: node, codingPath: codingPath)
    }
}

/// A key of an array element in a coding path.
private struct ElementKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.field(key.stringValue).content = .scalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.field(key.stringValue).store(value, at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.field(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.field(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.field("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.field(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws {
        node.element().content = .scalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [ElementKey(intValue: count)]
        try node.element().store(value, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [ElementKey(intValue: count)]
        return NodeEncoder(node: node.element(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [ElementKey(intValue: count)]
        return NodeEncoder(node: node.element(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [ElementKey(intValue: count)]
        return NodeEncoder(node: node.element(), codingPath: path)
    }
}

private struct SingleValue: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .scalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.store(value, at: codingPath)
    }
}
