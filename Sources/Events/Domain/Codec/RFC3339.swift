public import Foundation

/// Reads and writes timestamps as RFC 3339 text, e.g. `2024-03-01T10:05:00.250Z`.
public enum RFC3339 {
    /// The timestamp in UTC with milliseconds.
    public static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The instant written, with or without fractional seconds and with any UTC offset;
    /// nil for text that is not RFC 3339.
    public static func date(from text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// A JSON encoder with sorted keys (the same value always gives the same bytes) that
    /// writes every `Date` as RFC 3339.
    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(string(from: date))
        }
        return encoder
    }

    /// The timestamp in UTC to the second, for messages to clerks.
    static func readable(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
