import Events
import Foundation

/// A value a read-model column can hold, written into COPY text.
protocol CopyEncodable: Sendable {
    /// Appends this value as the next field of the current row.
    func append(to text: inout CopyText)
}

extension String: CopyEncodable {
    func append(to text: inout CopyText) { text.append(self) }
}

extension Int: CopyEncodable {
    func append(to text: inout CopyText) { text.append(Int64(self)) }
}

extension Int64: CopyEncodable {
    func append(to text: inout CopyText) { text.append(self) }
}

extension Bool: CopyEncodable {
    func append(to text: inout CopyText) { text.append(self) }
}

extension UUID: CopyEncodable {
    func append(to text: inout CopyText) { text.append(self) }
}

extension Date: CopyEncodable {
    func append(to text: inout CopyText) { text.append(self) }
}

extension LocalDate: CopyEncodable {
    func append(to text: inout CopyText) { text.append(description) }
}

extension Optional: CopyEncodable where Wrapped: CopyEncodable {
    func append(to text: inout CopyText) {
        if let self { self.append(to: &text) } else { text.appendNull() }
    }
}
