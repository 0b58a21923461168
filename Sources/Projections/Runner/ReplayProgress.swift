public import Foundation

/// How far a replay has come, reported after every batch.
public struct ReplayProgress: Sendable, Equatable {
    /// The projection being rebuilt.
    public var projection: Projection
    /// The version being built.
    public var version: Int
    /// Events applied to the new version so far (including an earlier, interrupted run).
    public var applied: Int64
    /// The log position reached.
    public var position: Int64
    /// The log's head position when the replay started or last looked.
    public var head: Int64
    /// Events applied per second in this run.
    public var eventsPerSecond: Double
    /// Whether the new version now serves.
    public var switched: Bool

    /// Estimated time left, nil before the rate is known.
    public var estimatedRemaining: Duration? {
        guard eventsPerSecond > 0 else { return nil }
        let remaining = Double(max(0, head - position)) / eventsPerSecond
        return .milliseconds(Int64(remaining * 1000))
    }

    /// Share of the log done, 0–1, by position.
    public var fraction: Double {
        head > 0 ? min(1, Double(position) / Double(head)) : 1
    }

    /// A one-line bar for a terminal, e.g. `alerts v2 [#####.....] 52% 12040 ev/s ETA 0:41`.
    public func bar(width: Int = 30) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: max(0, width - filled))
        return "\(projection) v\(version) [\(bar)] \(Int(fraction * 100))% \(Int(eventsPerSecond)) ev/s ETA \(Self.clock(estimatedRemaining))"
    }

    /// A plain log line for a non-terminal.
    public var line: String {
        "replay \(projection) v\(version): \(applied) events applied, position \(position)/\(head), \(Int(eventsPerSecond)) events/s, ETA \(Self.clock(estimatedRemaining))"
            + (switched ? ", switched" : "")
    }

    private static func clock(_ duration: Duration?) -> String {
        guard let duration else { return "--:--" }
        let seconds = duration.components.seconds
        let minutes = seconds / 60
        return "\(minutes / 60):" + String(format: "%02d:%02d", minutes % 60, seconds % 60)
    }
}
