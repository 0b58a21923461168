/// Query parameters of a statistics request that are missing or wrong, one message per field.
///
/// The HTTP layer maps it to a 400/422 problem with `errors: [{field, message}]`.
public struct StatisticsQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One parameter and what is wrong with it.
    public struct FieldError: Sendable, Equatable, Encodable {
        /// The query parameter's name, e.g. `from`.
        public let field: String
        /// What is wrong, in a sentence.
        public let message: String

        /// A field error.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Every problem found, in parameter order.
    public let errors: [FieldError]

    /// An error listing `errors`.
    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// One problem with one field.
    public init(field: String, _ message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }

    public var description: String {
        errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}
