import Foundation

/// Checks on single values shared by several payloads.
enum Validation {
    /// The longest response target accepted: a day.
    static let responseTargetRange = 1...1440

    /// Text that must say something.
    static func nonEmpty(_ value: String, _ field: String) throws(Rejection) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalidPayload("\(field) must not be empty", field: field)
        }
    }

    /// A priority, when given, of 1, 2 or 3.
    static func priority(_ value: Int?) throws(Rejection) {
        if let value, !(1...3).contains(value) {
            throw .invalidPayload("priority must be 1, 2 or 3, not \(value)", field: "priority")
        }
    }

    /// A count, when given, of zero or more.
    static func notNegative(_ value: Int?, _ field: String) throws(Rejection) {
        if let value, value < 0 {
            throw .invalidPayload("\(field) must not be negative", field: field)
        }
    }

    /// A response target between a minute and a day.
    static func responseTarget(_ minutes: Int) throws(Rejection) {
        if !responseTargetRange.contains(minutes) {
            throw .invalidPayload(
                "responseTargetMinutes must be between \(responseTargetRange.lowerBound) and \(responseTargetRange.upperBound), not \(minutes)",
                field: "responseTargetMinutes"
            )
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
