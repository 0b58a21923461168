import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display for long commands: redrawn in place on a terminal, a
/// plain line every few seconds otherwise (logs, CI).
final class ProgressLine: Sendable {
    private let label: String
    private let unit: String
    private let interactive = isatty(STDERR_FILENO) == 1
    private let state = Mutex<(started: ContinuousClock.Instant, lastDrawn: ContinuousClock.Instant?, count: Int)>(
        (ContinuousClock.now, nil, 0))

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    /// Records `count` items done, redrawing when enough time has passed.
    func update(_ count: Int, total: Int? = nil) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            state.count = count
            let interval: Duration = interactive ? .milliseconds(200) : .seconds(5)
            if let last = state.lastDrawn, now - last < interval { return nil }
            state.lastDrawn = now
            return render(count: count, total: total, elapsed: now - state.started)
        }
        if let line { draw(line) }
    }

    /// Draws the final figures and ends the line.
    func finish(total: Int? = nil) {
        let line = state.withLock { state in
            render(count: state.count, total: total, elapsed: ContinuousClock.now - state.started)
        }
        draw(line)
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func render(count: Int, total: Int?, elapsed: Duration) -> String {
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        let rate = Double(count) / seconds
        var text = "\(label) \(count)"
        if let total, total > 0 {
            let fraction = min(Double(count) / Double(total), 1)
            let filled = Int(fraction * 30)
            text = "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(count)/\(total)"
            if rate > 0, count < total {
                text += " ETA \(Int((Double(total - count) / rate).rounded()))s"
            }
        }
        return text + " (\(Int(rate.rounded())) \(unit)/s)"
    }

    private func draw(_ line: String) {
        let output = interactive ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(output.utf8))
    }
}
