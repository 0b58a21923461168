/// The version of the metric definitions in `docs/metrics.md` that every statistic answers with.
///
/// It changes only when a formula changes, so a client can tell whether two answers are comparable.
public let definitionsVersion = 2
