import Events
import Foundation

/// The metric names `compare` accepts, read off the statistics' own JSON so the two never
/// disagree: every numeric field of the dispute and alert totals, prefixed `disputes.` or
/// `alerts.`, with interval fields as `alerts.response.p90Seconds`.
enum MetricCatalog {
    /// Every accepted name.
    static let all: Set<String> = {
        var names: Set<String> = []
        for (prefix, figures) in [
            ("disputes", flatten(Statistics.disputeFigures(weight: 0.5))),
            ("alerts", flatten(Statistics.emptyAlertFigures)),
        ] {
            names.formUnion(figures.keys.map { "\(prefix).\($0)" })
        }
        return names
    }()

    /// Whether `metric` is a rate (compared in points) rather than a count or duration:
    /// every rate is written with its denominator beside it, whatever its name.
    static func isRate(_ metric: String) -> Bool {
        all.contains(metric + "Denominator") || metric.hasSuffix(".shareOfStation")
    }

    /// The numeric leaves of `figures`' JSON by dotted path (`response.p90Seconds`).
    static func flatten(_ figures: some Encodable) -> [String: Double?] {
        guard let data = try? JSONEncoder().encode(figures),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [:] }
        var leaves: [String: Double?] = [:]
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let object):
                for (key, child) in object { walk(child, path.isEmpty ? key : "\(path).\(key)") }
            case .integer(let number): leaves[path] = Double(number)
            case .number(let number): leaves[path] = number
            case .null: leaves[path] = .some(nil)
            default: break
            }
        }
        walk(value, "")
        return leaves
    }
}
