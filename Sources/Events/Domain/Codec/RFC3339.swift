public import Foundation

/// Reads and writes timestamps as RFC 3339 text, e.g. `2024-03-01T10:05:00.250Z`.
public enum RFC3339 {
    /// The timestamp in UTC with milliseconds.
    public static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The instant written, with or without fractional seconds and with any UTC offset, at
    /// the whole microsecond PostgreSQL stores; nil for text that is not RFC 3339.
    ///
    /// Rounded as it is stored, so a time compares equal to the same time read back from
    /// the log: `10:00:00.123` parsed and `10:00:00.123` stored can otherwise differ in the
    /// last bit of a `Double`, and two entries at one instant look as if time ran backwards.
    public static func date(from text: String) -> Date? {
        guard let date = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
        else { return nil }
        return PostgresTime.date(microseconds: PostgresTime.microseconds(date))
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
