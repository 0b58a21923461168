/// The dispute funnel of one cohort (all rows of a group, or the totals), as metrics.md defines it.
public struct DisputeFigures: MetricFigures {
    /// Disputes logged in the cohort (排查矛盾纠纷 N 起).
    public var logged: Int
    /// Disputes with a mediation ending in agreement or no agreement (调处).
    public var mediated: Int
    /// Disputes with a mediation ending in agreement (成功调解).
    public var agreements: Int
    /// Disputes now resolved.
    public var resolved: Int
    /// Disputes now closed unresolved.
    public var closedUnresolved: Int
    /// Resolved at scene, grid or community level.
    public var resolvedOnSite: Int
    /// Disputes referred at least once.
    public var referred: Int
    /// Disputes reopened at least once.
    public var reopened: Int
    /// Resolved key disputes.
    public var keyResolved: Int
    /// Median whole seconds from logging to first resolution over resolved disputes (lower middle).
    public var medianSecondsToResolve: Int64?
    /// Follow-ups that reached the parties (回访).
    public var followUps: Int
    /// Ratings `satisfied`.
    public var satisfied: Int
    /// Ratings `basically_satisfied`.
    public var basicallySatisfied: Int
    /// Ratings `dissatisfied`.
    public var dissatisfied: Int
    /// `w` of the satisfaction rate.
    public var basicallySatisfiedWeight: Double

    /// `agreements / mediated` (调解率).
    public var mediationSuccessRate: Rate { Rate(agreements, over: mediated) }
    /// `agreements / logged` (654 起 / 384 件 = 58.7%).
    public var agreementShareOfLogged: Rate { Rate(agreements, over: logged) }
    /// `resolved / (resolved + closedUnresolved)` (矛盾化解成功率).
    public var resolutionRate: Rate { Rate(resolved, over: resolved + closedUnresolved) }
    /// `resolvedOnSite / resolved` (就地化解).
    public var onSiteRate: Rate { Rate(resolvedOnSite, over: resolved) }
    /// `referred / logged` (分流).
    public var referralRate: Rate { Rate(referred, over: logged) }
    /// `(satisfied + w × basicallySatisfied) / (all three)` (满意度).
    public var satisfactionRate: Rate {
        Rate(Double(satisfied) + basicallySatisfiedWeight * Double(basicallySatisfied), over: satisfied + basicallySatisfied + dissatisfied)
    }
    /// The median in days (seconds / 86 400, full precision).
    public var medianDaysToResolve: Double? {
        medianSecondsToResolve.map { Double($0) / 86_400 }
    }

    public func encodeMetrics(into container: inout KeyedEncodingContainer<MetricKey>) throws {
        try container.encode(logged, forKey: MetricKey("logged"))
        try container.encode(mediated, forKey: MetricKey("mediated"))
        try container.encode(agreements, forKey: MetricKey("agreements"))
        try container.encode(mediationSuccessRate, as: "mediationSuccessRate")
        try container.encode(agreementShareOfLogged, as: "agreementShareOfLogged")
        try container.encode(resolved, forKey: MetricKey("resolved"))
        try container.encode(closedUnresolved, forKey: MetricKey("closedUnresolved"))
        try container.encode(resolutionRate, as: "resolutionRate")
        try container.encode(resolvedOnSite, forKey: MetricKey("resolvedOnSite"))
        try container.encode(onSiteRate, as: "onSiteRate")
        try container.encode(referred, forKey: MetricKey("referred"))
        try container.encode(referralRate, as: "referralRate")
        try container.encode(reopened, forKey: MetricKey("reopened"))
        try container.encode(keyResolved, forKey: MetricKey("keyResolved"))
        try container.encode(medianDaysToResolve, forKey: MetricKey("medianDaysToResolve"))
        try container.encode(followUps, forKey: MetricKey("followUps"))
        try container.encode(satisfied, forKey: MetricKey("satisfied"))
        try container.encode(basicallySatisfied, forKey: MetricKey("basicallySatisfied"))
        try container.encode(dissatisfied, forKey: MetricKey("dissatisfied"))
        try container.encode(satisfactionRate, as: "satisfactionRate")
    }
}
