/// Alert volume and response intervals of one cohort, as metrics.md defines them.
public struct AlertFigures: MetricFigures {
    /// Alerts received in the cohort, cancelled ones included.
    public var received: Int
    /// Alerts whose final `policeMatter` is true.
    public var policeMatters: Int
    /// Alerts diverted to another agency (非警务警情分流).
    public var diverted: Int
    /// Alerts cancelled.
    public var cancelled: Int
    /// Alerts reopened at least once.
    public var reopened: Int
    /// Alerts an officer found (channel `patrol`).
    public var officerInitiated: Int
    /// First dispatch − received.
    public var dispatchDelay: IntervalSummary
    /// First en route − first dispatch.
    public var turnout: IntervalSummary
    /// First arrival − first en route.
    public var drive: IntervalSummary
    /// First arrival − first dispatch.
    public var travel: IntervalSummary
    /// First arrival − received (处警速度).
    public var response: IntervalSummary
    /// Last clearance − first arrival, of alerts cleared now.
    public var onScene: IntervalSummary
    /// Alerts whose response is within the target in force on the received date.
    public var withinTarget: Int
    /// Alerts cleared now that had a dispatch but no arrival.
    public var missingArrival: Int
    /// Deaths reported on the last clearance of alerts cleared now.
    public var deaths: Int
    /// Injuries reported on the last clearance of alerts cleared now.
    public var injuries: Int
    /// Time amendments applied to the cohort's alerts.
    public var amendedTimes: Int
    /// With `groupBy community`: this row's received over its station's (万苑社区占 20%).
    public var shareOfStation: Rate?

    /// `diverted / received`.
    public var diversionRate: Rate { Rate(diverted, over: received) }
    /// `withinTarget / response.count`.
    public var withinTargetRate: Rate { Rate(withinTarget, over: response.count) }

    public func encodeMetrics(into container: inout KeyedEncodingContainer<MetricKey>) throws {
        try container.encode(received, forKey: MetricKey("received"))
        try container.encode(policeMatters, forKey: MetricKey("policeMatters"))
        try container.encode(diverted, forKey: MetricKey("diverted"))
        try container.encode(diversionRate, as: "diversionRate")
        try container.encode(cancelled, forKey: MetricKey("cancelled"))
        try container.encode(reopened, forKey: MetricKey("reopened"))
        try container.encode(officerInitiated, forKey: MetricKey("officerInitiated"))
        try container.encode(dispatchDelay, forKey: MetricKey("dispatchDelay"))
        try container.encode(turnout, forKey: MetricKey("turnout"))
        try container.encode(drive, forKey: MetricKey("drive"))
        try container.encode(travel, forKey: MetricKey("travel"))
        try container.encode(response, forKey: MetricKey("response"))
        try container.encode(onScene, forKey: MetricKey("onScene"))
        try container.encode(withinTarget, forKey: MetricKey("withinTarget"))
        try container.encode(withinTargetRate, as: "withinTargetRate")
        try container.encode(missingArrival, forKey: MetricKey("missingArrival"))
        try container.encode(deaths, forKey: MetricKey("deaths"))
        try container.encode(injuries, forKey: MetricKey("injuries"))
        try container.encode(amendedTimes, forKey: MetricKey("amendedTimes"))
        if let shareOfStation {
            try container.encode(shareOfStation, as: "shareOfStation")
        }
    }
}
