import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Shows a long command's progress on standard output: one line redrawn in place on a
/// terminal, a plain line every 5 seconds otherwise (logs, CI).
final class ProgressDisplay: Sendable {
    /// When the display was made, the start of the work it shows.
    let started = ContinuousClock.now
    private let interactive: Bool
    private let lastShown = Mutex<ContinuousClock.Instant?>(nil)

    init(interactive: Bool = isatty(STDOUT_FILENO) == 1) {
        self.interactive = interactive
    }

    /// Shows `text` unless a line was shown too recently (0.2 s on a terminal, 5 s otherwise).
    func show(_ text: @autoclosure () -> String) {
        let now = ContinuousClock.now
        let due = lastShown.withLock { last in
            let interval: Duration = interactive ? .milliseconds(200) : .seconds(5)
            if let shown = last, now - shown < interval { return false }
            last = now
            return true
        }
        if due { write(text()) }
    }

    /// Shows the final `text` and ends the line.
    func finish(_ text: String) {
        write(text)
        if interactive { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }

    /// The time since the display was made.
    var elapsed: Duration { ContinuousClock.now - started }

    /// Whole items per second since the display was made.
    func rate(_ count: Int) -> Int {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(count) / seconds) : 0
    }

    /// `[#######.......] 52%` for a fraction 0–1.
    static func bar(_ fraction: Double, width: Int = 30) -> String {
        let clamped = min(max(fraction, 0), 1)
        let filled = Int((clamped * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(Int(clamped * 100))%"
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data((interactive ? "\r\u{1B}[K" + text : text + "\n").utf8))
    }
}
