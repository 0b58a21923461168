public import Events

/// The window compared (`period` with `at`, or `custom` with `from` and `to`).
public enum ComparePeriod: Sendable, Equatable {
    /// A calendar year, `at=2024`.
    case year(Int)
    /// A quarter, `at=2024-Q2`.
    case quarter(year: Int, quarter: Int)
    /// A month, `at=2024-03`.
    case month(year: Int, month: Int)
    /// 1 January up to a date, `at=2024-06-30`.
    case yearToDate(LocalDate)
    /// Any range of local dates.
    case custom(from: LocalDate, to: LocalDate)

    /// The window's first and last local dates; nil when they do not exist.
    public var window: DateWindow? {
        switch self {
        case .year(let year):
            guard let from = LocalDate(year: year, month: 1, day: 1), let to = LocalDate(year: year, month: 12, day: 31) else { return nil }
            return DateWindow(from: from, to: to)
        case .quarter(let year, let quarter):
            guard let from = LocalDate(year: year, month: quarter * 3 - 2, day: 1),
                let next = LocalDate(year: year + (quarter == 4 ? 1 : 0), month: quarter == 4 ? 1 : quarter * 3 + 1, day: 1),
                let to = next.adding(days: -1)
            else { return nil }
            return DateWindow(from: from, to: to)
        case .month(let year, let month):
            guard let from = LocalDate(year: year, month: month, day: 1),
                let next = LocalDate(year: year + (month == 12 ? 1 : 0), month: month == 12 ? 1 : month + 1, day: 1),
                let to = next.adding(days: -1)
            else { return nil }
            return DateWindow(from: from, to: to)
        case .yearToDate(let date):
            guard let from = LocalDate(year: date.year, month: 1, day: 1) else { return nil }
            return DateWindow(from: from, to: date)
        case .custom(let from, let to):
            return DateWindow(from: from, to: to)
        }
    }
}

/// An inclusive range of local dates.
public struct DateWindow: Sendable, Equatable, Encodable {
    /// First date.
    public var from: LocalDate
    /// Last date.
    public var to: LocalDate

    /// A window from `from` through `to`.
    public init(from: LocalDate, to: LocalDate) {
        self.from = from
        self.to = to
    }

    /// The same local dates one year earlier (29 February → 28 February).
    public var oneYearEarlier: DateWindow? {
        guard let from = from.oneYearEarlier, let to = to.oneYearEarlier else { return nil }
        return DateWindow(from: from, to: to)
    }

    /// The window of equal length ending the day before this one.
    public var preceding: DateWindow? {
        let length = to.dayNumber - from.dayNumber + 1
        guard let to = from.adding(days: -1), let from = from.adding(days: -length) else { return nil }
        return DateWindow(from: from, to: to)
    }
}
