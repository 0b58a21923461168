public import Events

extension LocalDate {
    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic without a calendar.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01; nil outside years 1–9999.
    public init?(dayNumber: Int) {
        let (year, month, day) = PostgresTime.civil(daysSince1970: Int64(dayNumber))
        self.init(year: Int(year), month: Int(month), day: Int(day))
    }

    /// The date `days` later (earlier when negative); nil outside years 1–9999.
    public func adding(days: Int) -> LocalDate? {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// The same month and day one year earlier; 29 February becomes 28 February.
    public var oneYearEarlier: LocalDate? {
        LocalDate(year: year - 1, month: month, day: day) ?? LocalDate(year: year - 1, month: month, day: day - 1)
    }
}
