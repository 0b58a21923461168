public import Foundation

/// One result row as text values, already copied out of libpq.
public struct PostgresRow: Sendable, Equatable {
    /// Column names, shared by all rows of a result.
    public let columns: [String]
    /// Values in column order; `nil` is SQL NULL.
    public let values: [String?]

    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The text of the named column, `nil` for NULL or an unknown column.
    public subscript(_ name: String) -> String? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// The named column decoded, or an error naming the column when it is NULL or malformed.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let text = self[name], let value = T(postgresText: text) else {
            throw PostgresError.unexpectedResult("column \(name) is missing or not a \(T.self)")
        }
        return value
    }

    /// The named column decoded, `nil` for NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard let text = self[name] else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError.unexpectedResult("column \(name) is not a \(T.self)")
        }
        return value
    }
}

/// A Swift value that can be read from PostgreSQL's text output.
public protocol PostgresDecodable {
    /// Parses the text form; `nil` when it does not fit.
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension UInt64: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    /// Parses PostgreSQL's hyphenated form (by hand, see ``UUID/init(hyphenated:)``).
    public init?(postgresText: String) {
        self.init(hyphenated: postgresText)
    }
}

extension Data: PostgresDecodable {
    /// JSON and text columns arrive as their UTF-8 bytes.
    public init?(postgresText: String) { self = Data(postgresText.utf8) }
}
