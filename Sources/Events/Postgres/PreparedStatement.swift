/// A statement prepared once per connection under a fixed name, then executed by name.
public struct PreparedStatement: Sendable, Hashable {
    /// The server-side statement name, unique within the program.
    public let name: String
    /// The SQL text with `$1`, `$2` … placeholders.
    public let sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}
