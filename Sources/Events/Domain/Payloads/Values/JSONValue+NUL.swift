extension JSONValue {
    /// The path (`parties[0].name`) of the first string or key holding U+0000, if any.
    ///
    /// PostgreSQL's `jsonb` cannot store that character, so a payload carrying it is
    /// refused as invalid before it reaches the log. A key holding it gives "".
    func pathOfNULCharacter(at path: String = "") -> String? {
        switch self {
        case .string(let text):
            return text.unicodeScalars.contains("\u{0}") ? path : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.pathOfNULCharacter(at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let fields):
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                if key.unicodeScalars.contains("\u{0}") { return "" }
                if let found = value.pathOfNULCharacter(at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case .null, .bool, .integer, .number:
            return nil
        }
    }
}
