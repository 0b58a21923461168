import Events

/// Raw query parameters (`name=value`, names may repeat) and their checked conversion
/// into the statistics' typed values, collecting one message per wrong field.
public struct QueryParameters: Sendable {
    private let pairs: [(String, String)]
    private(set) var errors: [StatisticsQueryError.FieldError] = []

    /// Parameters in the order they were given.
    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// Every value given for `name`.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map(\.1)
    }

    /// The single value of `name`, nil when absent; records an error when repeated.
    mutating func single(_ name: String) -> String? {
        let all = values(name)
        if all.count > 1 { fail(name, "\(name) may be given only once") }
        return all.first
    }

    /// Records a problem with `field`.
    mutating func fail(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    /// A required local date.
    mutating func date(_ name: String) -> LocalDate? {
        guard let text = single(name) else {
            fail(name, "\(name) is required, a date written YYYY-MM-DD")
            return nil
        }
        guard let date = LocalDate(text) else {
            fail(name, "\(name) must be a real date written YYYY-MM-DD, not \"\(text)\"")
            return nil
        }
        return date
    }

    /// An optional local date.
    mutating func optionalDate(_ name: String) -> LocalDate? {
        guard let text = single(name) else { return nil }
        guard let date = LocalDate(text) else {
            fail(name, "\(name) must be a real date written YYYY-MM-DD, not \"\(text)\"")
            return nil
        }
        return date
    }

    /// An optional whole number within `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = single(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            fail(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// An optional number within `range`.
    mutating func number(_ name: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = single(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            fail(name, "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// An optional `true` or `false`, nil when absent.
    mutating func boolean(_ name: String) -> Bool? {
        guard let text = single(name) else { return nil }
        guard let value = Bool(text) else {
            fail(name, "\(name) must be true or false, not \"\(text)\"")
            return nil
        }
        return value
    }

    /// The `groupBy` values, each one of `allowed`.
    mutating func groupBy(allowed: [GroupKey]) -> [GroupKey] {
        values("groupBy").compactMap { text in
            guard let key = GroupKey(rawValue: text), allowed.contains(key) else {
                fail("groupBy", "groupBy must be one of \(allowed.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
                return nil
            }
            return key
        }
    }

    /// An optional category that must be one of `allowed`.
    mutating func category(allowed: [String]) -> String? {
        guard let text = single("category") else { return nil }
        guard allowed.contains(text) else {
            fail("category", "category must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"")
            return nil
        }
        return text
    }

    /// The common filter, from `from`, `to`, `stationId`, `communityId`, `category`, `groupBy`.
    mutating func filter(categories: [String], groupBy allowed: [GroupKey], dates: Bool = true) -> StatsFilter? {
        let from = dates ? date("from") : LocalDate(year: 2000, month: 1, day: 1)
        let to = dates ? date("to") : from
        let stationIds = values("stationId")
        let communityId = single("communityId")
        if communityId?.isEmpty == true { fail("communityId", "communityId must not be empty") }
        let category = category(allowed: categories)
        let groups = groupBy(allowed: allowed)
        guard let from, let to else { return nil }
        do {
            return try StatsFilter(
                from: from, to: to, stationIds: stationIds, communityId: communityId, category: category, groupBy: groups)
        } catch {
            errors.append(contentsOf: error.errors)
            return nil
        }
    }

    /// Throws the collected errors, if any.
    func check() throws(StatisticsQueryError) {
        if !errors.isEmpty { throw StatisticsQueryError(errors) }
    }
}
