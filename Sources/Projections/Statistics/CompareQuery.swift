import Events

/// A request to compare one metric between a window and an earlier one (`GET /stats/compare`).
public struct CompareQuery: Sendable, Equatable {
    /// What the earlier window is.
    public enum Against: String, Sendable, Equatable {
        /// The same local dates one year earlier (the default, 同比).
        case lastYear = "last_year"
        /// The preceding window of equal length (环比).
        case previous
    }

    /// `disputes.<field>` or `alerts.<field>[.<subfield>]`, a count or rate of metrics.md.
    public var metric: String
    /// The current window.
    public var period: ComparePeriod
    /// The earlier window.
    public var against: Against
    /// Stations; empty means all.
    public var stationIds: [String]
    /// Only this community.
    public var communityId: String?
    /// Only this category (of disputes or final of alerts, by the metric's prefix).
    public var category: String?
    /// `w` of the satisfaction rate.
    public var basicallySatisfiedWeight: Double
    /// Overrides the station targets.
    public var targetMinutes: Int?
    /// Counts officer-initiated alerts in the response intervals too.
    public var includeOfficerInitiated: Bool

    /// A typed query; throws when the metric is unknown or the period has no dates.
    public init(
        metric: String, period: ComparePeriod, against: Against = .lastYear, stationIds: [String] = [],
        communityId: String? = nil, category: String? = nil, basicallySatisfiedWeight: Double = 0.5,
        targetMinutes: Int? = nil, includeOfficerInitiated: Bool = false
    ) throws(StatisticsQueryError) {
        var errors: [StatisticsQueryError.FieldError] = []
        if !MetricCatalog.all.contains(metric) {
            errors.append(.init(field: "metric", message: "metric must be a count or rate such as alerts.received or disputes.mediationSuccessRate; \"\(metric)\" is not one"))
        }
        if period.window == nil {
            errors.append(.init(field: "at", message: "the period names no real dates"))
        }
        if let category {
            let allowed = metric.hasPrefix("disputes.")
                ? DisputeLogged.Category.allCases.map(\.rawValue) : AlertCategory.allCases.map(\.rawValue)
            if !allowed.contains(category) {
                errors.append(.init(field: "category", message: "category must be one of \(allowed.joined(separator: ", "))"))
            }
        }
        guard errors.isEmpty else { throw StatisticsQueryError(errors) }
        self.metric = metric
        self.period = period
        self.against = against
        self.stationIds = stationIds
        self.communityId = communityId
        self.category = category
        self.basicallySatisfiedWeight = basicallySatisfiedWeight
        self.targetMinutes = targetMinutes
        self.includeOfficerInitiated = includeOfficerInitiated
    }

    /// Parses `metric`, `period` (`year|quarter|month|ytd|custom`), `at` or `from`/`to`,
    /// `against` (`previous`), `stationId`, `communityId`, `category`,
    /// `basicallySatisfiedWeight`, `targetMinutes`, `includeOfficerInitiated`.
    public init(parameters: QueryParameters) throws(StatisticsQueryError) {
        var parameters = parameters
        let metric = parameters.single("metric")
        if metric == nil { parameters.fail("metric", "metric is required, e.g. alerts.received") }
        let period = Self.period(&parameters)
        var against = Against.lastYear
        if let text = parameters.single("against") {
            if let value = Against(rawValue: text) { against = value } else {
                parameters.fail("against", "against must be previous or last_year")
            }
        }
        let communityId = parameters.single("communityId")
        let category = parameters.single("category")
        let weight = parameters.number("basicallySatisfiedWeight", in: 0...1)
        let target = parameters.integer("targetMinutes", in: 1...1440)
        let includeOfficerInitiated = parameters.boolean("includeOfficerInitiated")
        try parameters.check()
        guard let metric, let period else { throw StatisticsQueryError(field: "period", "period is required") }
        try self.init(
            metric: metric, period: period, against: against, stationIds: parameters.values("stationId"),
            communityId: communityId, category: category, basicallySatisfiedWeight: weight ?? 0.5, targetMinutes: target,
            includeOfficerInitiated: includeOfficerInitiated ?? false)
    }

    private static func period(_ parameters: inout QueryParameters) -> ComparePeriod? {
        let kind = parameters.single("period")
        let at = parameters.single("at")
        let numbers = at.map { $0.split(separator: "-").map(String.init) } ?? []
        switch kind {
        case "year":
            if numbers.count == 1, numbers[0].count == 4, let year = Int(numbers[0]) { return .year(year) }
            parameters.fail("at", "with period=year, at must be a year such as 2024")
        case "quarter":
            if numbers.count == 2, let year = Int(numbers[0]), numbers[1].count == 2, numbers[1].first == "Q",
                let quarter = Int(numbers[1].dropFirst()), (1...4).contains(quarter)
            {
                return .quarter(year: year, quarter: quarter)
            }
            parameters.fail("at", "with period=quarter, at must be a quarter such as 2024-Q2")
        case "month":
            if numbers.count == 2, let year = Int(numbers[0]), let month = Int(numbers[1]), (1...12).contains(month) {
                return .month(year: year, month: month)
            }
            parameters.fail("at", "with period=month, at must be a month such as 2024-03")
        case "ytd":
            if let text = at, let date = LocalDate(text) { return .yearToDate(date) }
            parameters.fail("at", "with period=ytd, at must be a date such as 2024-06-30")
        case "custom":
            let from = parameters.date("from")
            let to = parameters.date("to")
            if let from, let to {
                if from <= to { return .custom(from: from, to: to) }
                parameters.fail("to", "to must not be before from")
            }
        case nil:
            parameters.fail("period", "period is required: year, quarter, month, ytd or custom")
        case let other?:
            parameters.fail("period", "period must be year, quarter, month, ytd or custom, not \"\(other)\"")
        }
        return nil
    }
}
