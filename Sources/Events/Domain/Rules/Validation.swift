import Foundation

/// Checks on single values shared by several payloads.
///
/// The bounds keep every stored value inside what the read models can hold, so no entry
/// accepted today can fail a projection later: numbers fit a PostgreSQL `integer`, text
/// stays far below the size of a B-tree index entry (about 2,700 bytes), times fit a
/// `timestamptz`. Text is measured in Unicode scalars, not characters, so that a limit
/// also bounds the bytes (at most four a scalar in UTF-8). docs/domain-rules.md lists
/// every bound.
enum Validation {
    /// The response targets accepted, in minutes: a minute to a day.
    static let responseTargetRange = 1...1440
    /// The priorities the contract allows, 1 the most urgent.
    static let priorityRange = 1...3
    /// The deaths, or the injuries, one alert may count.
    static let casualtyRange = 0...10_000
    /// The longest id (`stationId`, `communityId`, `unitId`), in Unicode scalars.
    static let identifierLength = 64
    /// The longest name, agency, reference or phone number, in Unicode scalars.
    static let labelLength = 200
    /// The longest free text (`summary`, `note`, `reason`), in Unicode scalars.
    static let proseLength = 4000
    /// The instants an entry may be dated: from 1900-01-01T00:00:00Z (no record migrated
    /// from paper is older) up to the end of the year 9999, the last RFC 3339 can write.
    static let timeRange = Date(timeIntervalSince1970: -2_208_988_800)..<Date(timeIntervalSince1970: 253_402_300_800)

    /// Text that must say something.
    static func nonEmpty(_ value: String, _ field: String) throws(Rejection) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalidPayload("\(field) must not be empty", field: field)
        }
    }

    /// An id that must say something, and no longer than `identifierLength`.
    static func identifier(_ value: String, _ field: String) throws(Rejection) {
        try nonEmpty(value, field)
        try length(value, atMost: identifierLength, field)
    }

    /// Text, when given, of at most `limit` Unicode scalars.
    static func length(_ value: String?, atMost limit: Int, _ field: String) throws(Rejection) {
        if let count = value?.unicodeScalars.count, count > limit {
            throw .outOfRange("\(field) must be at most \(limit) characters long, not \(count)", field: field)
        }
    }

    /// A party's name or phone number, when given: at most `labelLength` Unicode scalars,
    /// and not empty when `required`. As stored it is sealed, and then only its plain
    /// text's length can be checked: at most four bytes a scalar (sealing refuses plain
    /// text that looks sealed, so no client value takes this path when it is recorded).
    static func partyText(_ value: String?, _ field: String, required: Bool) throws(Rejection) {
        guard let value else { return }
        if PartySeal.isSealed(value) {
            guard let count = PartySeal.plainByteCount(of: value), count <= 4 * labelLength, !required || count > 0 else {
                throw .outOfRange("\(field) is not a well-formed sealed value", field: field)
            }
            return
        }
        if required { try nonEmpty(value, field) }
        try length(value, atMost: labelLength, field)
    }

    /// A number, when given, within `range`.
    static func within(_ value: Int?, _ range: ClosedRange<Int>, _ field: String) throws(Rejection) {
        if let value, !range.contains(value) {
            throw .outOfRange("\(field) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", field: field)
        }
    }

    /// A priority, when given, of 1, 2 or 3.
    static func priority(_ value: Int?) throws(Rejection) {
        if let value, !priorityRange.contains(value) {
            throw .outOfRange("priority must be 1, 2 or 3, not \(value)", field: "priority")
        }
    }

    /// A response target between a minute and a day.
    static func responseTarget(_ minutes: Int) throws(Rejection) {
        try within(minutes, responseTargetRange, "responseTargetMinutes")
    }

    /// An entry's time within `timeRange`.
    static func time(_ date: Date, _ field: String) throws(Rejection) {
        if !timeRange.contains(date) {
            let first = RFC3339.readable(timeRange.lowerBound)
            let last = RFC3339.readable(timeRange.upperBound.addingTimeInterval(-1))
            throw .outOfRange("\(field) must lie between \(first) and \(last), not \(RFC3339.readable(date))", field: field)
        }
    }

    /// An IANA zone name such as `Asia/Shanghai`; abbreviations like `CST` are ambiguous and
    /// refused, `UTC` and `Etc/…` are accepted.
    static func timeZone(_ identifier: String) throws(Rejection) {
        let named =
            TimeZone.knownTimeZoneIdentifiers.contains(identifier) || identifier == "UTC"
            || identifier.hasPrefix("Etc/")
        guard named, TimeZone(identifier: identifier) != nil else {
            throw .invalidPayload("timeZone \"\(identifier)\" is not an IANA time zone such as Asia/Shanghai", field: "timeZone")
        }
    }
}
