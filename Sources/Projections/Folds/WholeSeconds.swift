public import Foundation
import Events

/// Intervals as the statistics count them: whole seconds, truncated toward zero.
///
/// Times are microsecond precise in the log; metrics.md asks for intervals exact to the
/// whole second, so both the stored interval and every percentile are whole seconds.
public enum WholeSeconds {
    /// The whole seconds from `start` to `end` (negative when `end` is earlier).
    public static func between(_ start: Date, _ end: Date) -> Int64 {
        let micros = PostgresTime.microseconds(end) - PostgresTime.microseconds(start)
        return micros / 1_000_000
    }
}
