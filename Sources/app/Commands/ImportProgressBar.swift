import Events
import Foundation

/// Shows an import's progress: a redrawn bar on a terminal, a plain line every few
/// seconds otherwise (logs, CI).
final class ImportProgressBar {
    private let totalBytes: Int
    private let interactive: Bool
    private let started = ContinuousClock.now
    private var lastShown = ContinuousClock.now
    private var drawn = false

    init(totalBytes: Int, interactive: Bool) {
        self.totalBytes = totalBytes
        self.interactive = interactive
    }

    /// Takes the importer's latest report and shows it if it is time to.
    func update(_ progress: ImportProgress) {
        let now = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(100) : .seconds(5)
        guard now - lastShown >= interval || (interactive && !drawn) else { return }
        lastShown = now
        let rate = Self.rate(lines: progress.lines, since: started)
        let counts = "\(progress.lines) lines, \(rate) lines/s, accepted \(progress.accepted), duplicates \(progress.duplicates), rejected \(progress.rejected)"
        if interactive {
            let fraction = totalBytes > 0 ? min(1, Double(progress.bytes) / Double(totalBytes)) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let percent = Int(fraction * 100)
            FileHandle.standardOutput.write(Data("\r\u{1B}[K[\(bar)] \(percent)% \(counts)".utf8))
            drawn = true
        } else {
            print("imported \(counts)")
        }
    }

    /// Ends the bar's line so that what follows starts on its own.
    func finish() {
        if drawn { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }

    /// The elapsed time since the bar started.
    var elapsed: Duration { ContinuousClock.now - started }

    /// Whole lines per second over the time since `start`.
    static func rate(lines: Int, since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(lines) / seconds) : 0
    }
}
