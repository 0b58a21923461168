public import Foundation

/// Rows in the text format of `COPY … FROM STDIN`, built byte by byte.
///
/// Bulk writes send hundreds of thousands of values; formatting each through `String`
/// interpolation or Foundation's date styles was most of a rebuild's time.
public struct CopyText: Sendable {
    /// The encoded rows.
    public private(set) var bytes: [UInt8] = []
    /// How many rows were added.
    public private(set) var rows = 0
    private var fieldsInRow = 0

    /// An empty buffer.
    public init() {}

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        rows += 1
        fieldsInRow = 0
    }

    /// Appends SQL NULL.
    public mutating func appendNull() {
        separate()
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "N"))
    }

    /// Appends text, escaping what COPY's text format reserves.
    public mutating func append(_ text: String) {
        separate()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends an integer.
    public mutating func append(_ value: Int64) {
        separate()
        appendDigits(value)
    }

    /// Appends a boolean as `t` or `f`.
    public mutating func append(_ value: Bool) {
        separate()
        bytes.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// Appends a UUID in lower case.
    public mutating func append(_ value: UUID) {
        append(value.postgresText)
    }

    /// Appends a `timestamptz` in UTC with microseconds.
    public mutating func append(_ value: Date) {
        separate()
        PostgresTime.append(microseconds: PostgresTime.microseconds(value), to: &bytes)
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    private mutating func appendDigits(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }
}

extension PostgresTime {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` for whole microseconds since 1970, as PostgreSQL
    /// reads a `timestamptz`; computed with integer civil-date arithmetic.
    public static func utf8(microseconds: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(29)
        append(microseconds: microseconds, to: &out)
        return out
    }

    /// Appends the text of ``utf8(microseconds:)`` to `out`, allocating nothing of its own:
    /// a rebuild writes millions of timestamps.
    static func append(microseconds: Int64, to out: inout [UInt8]) {
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var rest = microseconds % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let (year, month, day) = civil(daysSince1970: days)
        let seconds = rest / 1_000_000
        func put(_ value: Int64, width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var value = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor))
                value %= divisor
                divisor /= 10
            }
        }
        if year < 0 { out.append(UInt8(ascii: "-")) }
        put(abs(year), width: 4)
        out.append(UInt8(ascii: "-"))
        put(month, width: 2)
        out.append(UInt8(ascii: "-"))
        put(day, width: 2)
        out.append(UInt8(ascii: " "))
        put(seconds / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        put(seconds / 60 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        put(seconds % 60, width: 2)
        out.append(UInt8(ascii: "."))
        put(rest % 1_000_000, width: 6)
        out.append(contentsOf: "+00".utf8)
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
    /// days-to-civil algorithm).
    public static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
