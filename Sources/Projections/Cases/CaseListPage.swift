/// One page of a case list and the cursor of the next one (nil on the last page).
public struct CaseListPage<Item: Encodable & Sendable & Equatable>: Sendable, Equatable, Encodable {
    /// The page's cases, newest first.
    public let items: [Item]
    /// Pass as `cursor` for the next page; nil on the last page.
    public let nextCursor: String?

    /// A page of `items`, followed by the page `nextCursor` names.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
