import Metrics
import Prometheus

/// The process's metrics, kept in one Prometheus registry that `/metrics` renders.
enum AppMetrics {
    /// The registry, made and installed as the swift-metrics backend on first use (once
    /// per process: swift-metrics allows a single bootstrap).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Events appended through the API (new ones; idempotent repeats are not counted).
    static func countAppended(_ events: Int) {
        _ = registry
        Counter(label: "ledger_events_appended_total").increment(by: events)
    }

    /// The age of the oldest transaction open in the cluster, which gap-free readers of the
    /// log (the projections) wait for.
    static func recordOldestTransaction(seconds: Double) {
        _ = registry
        Gauge(label: "ledger_oldest_transaction_seconds").record(seconds)
    }

    /// How many committed events a projection's serving version has not applied yet, and
    /// how many of its streams are parked.
    static func recordLag(_ lag: Int64, parked: Int, projection: String) {
        _ = registry
        Gauge(label: "ledger_projection_lag_events", dimensions: [("projection", projection)]).record(lag)
        Gauge(label: "ledger_projection_parked_streams", dimensions: [("projection", projection)]).record(parked)
    }
}
