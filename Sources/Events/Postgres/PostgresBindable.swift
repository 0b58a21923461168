public import Foundation

/// A Swift value that can be sent as a statement parameter, in PostgreSQL's text format.
public protocol PostgresBindable: Sendable {
    /// The value as PostgreSQL reads it from text.
    var postgresText: String { get }
}

extension String: PostgresBindable {
    public var postgresText: String { self }
}

extension Int: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension UInt64: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Double: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresBindable {
    public var postgresText: String { self ? "t" : "f" }
}

extension UUID: PostgresBindable {
    public var postgresText: String { lowercasedText }
}

extension Date: PostgresBindable {
    /// UTC with microseconds, the precision of `timestamptz`.
    public var postgresText: String {
        String(decoding: PostgresTime.utf8(microseconds: PostgresTime.microseconds(self)), as: UTF8.self)
    }
}

/// A JSON document sent as `jsonb`/`json` text.
public struct JSONText: PostgresBindable, Equatable {
    /// The UTF-8 JSON bytes.
    public var bytes: Data

    public init(_ bytes: Data) { self.bytes = bytes }

    public var postgresText: String { String(decoding: bytes, as: UTF8.self) }
}

/// An array parameter, sent as a PostgreSQL array literal (`{a,b}`).
public struct PostgresArray: PostgresBindable {
    /// The elements; `nil` becomes SQL NULL.
    public var elements: [(any PostgresBindable)?]

    public init(_ elements: [(any PostgresBindable)?]) { self.elements = elements }

    /// Built byte by byte: bulk appends send arrays of many thousand elements, and
    /// Foundation's `replacingOccurrences` was most of an import's time.
    public var postgresText: String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let element else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.postgresText.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Conversions between `Date` and PostgreSQL's microsecond timestamps.
public enum PostgresTime {
    /// Whole microseconds since 1970, rounded to the nearest.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The date at whole microseconds since 1970.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(microseconds) / 1_000_000)
    }
}
