import Testing

@testable import Projections

@Suite struct MetricCatalogTests {
    @Test(arguments: [
        "disputes.mediationSuccessRate", "disputes.agreementShareOfLogged", "disputes.satisfactionRate",
        "alerts.withinTargetRate", "alerts.diversionRate",
    ])
    func ratesAreComparedInPoints(_ metric: String) {
        #expect(MetricCatalog.all.contains(metric))
        #expect(MetricCatalog.isRate(metric))
    }

    @Test(arguments: ["disputes.logged", "disputes.agreements", "alerts.received", "alerts.response.p90Seconds"])
    func countsAndDurationsAreComparedAsRatios(_ metric: String) {
        #expect(MetricCatalog.all.contains(metric))
        #expect(!MetricCatalog.isRate(metric))
    }
}
