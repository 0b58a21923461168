/// Why party data could not be erased.
public struct PartyErasureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The places asked for that have no key left to destroy.
    public let partyIndexes: [Int]

    /// Nothing to erase at `partyIndexes` (empty: at no place of the dispute).
    public static func nothingToErase(_ partyIndexes: [Int]) -> PartyErasureError {
        PartyErasureError(partyIndexes: partyIndexes)
    }

    /// What went wrong, for the person who asked.
    public var description: String {
        let places = partyIndexes.isEmpty
            ? "the dispute has no party data left to erase"
            : "no party data left to erase at \(partyIndexes.map { "parties[\($0)]" }.joined(separator: ", "))"
        return "\(places): erased already, never given, or recorded in plain text before parties were encrypted"
    }
}
