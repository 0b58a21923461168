import Hummingbird
import NIOCore
import Synchronization

/// A request body that must arrive in time, failing with 408 when it does not.
///
/// Waiting for the next chunk races a watchdog; when the watchdog wins it shuts the
/// connection's input, which ends the read in progress (NIO has no other way to stop
/// waiting for bytes that may never come), and the body fails with
/// ``TimedBody/timedOut(_:)``. What was already buffered is read and dropped first, so
/// nothing of the cut-off request is left for Hummingbird to trip over; with its input
/// shut the connection closes once the 408 is written.
struct TimedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Which time the body is held to.
    enum Limit: Sendable {
        /// The whole body within this long of the first read: what defeats a trickle.
        case whole(Duration)
        /// No wait for a chunk longer than this: for uploads that legitimately take minutes.
        case betweenChunks(Duration)
    }

    let base: Base
    let limit: Limit
    /// The connection the body arrives on, whose input is shut when time runs out.
    let channel: any Channel

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Limit
        let channel: any Channel
        var wholeDeadline: ContinuousClock.Instant?
        /// Set by the watchdog before it shuts the input, so a read it ended is known as a timeout.
        fileprivate let expired = Expiry()

        mutating func next() async throws -> ByteBuffer? {
            let deadline: ContinuousClock.Instant
            switch limit {
            case .whole(let timeout):
                let whole = wholeDeadline ?? ContinuousClock.now.advanced(by: timeout)
                wholeDeadline = whole
                deadline = whole
            case .betweenChunks(let timeout):
                deadline = ContinuousClock.now.advanced(by: timeout)
            }
            let watchdog = Task { [expired, channel] in
                try await Task.sleep(until: deadline, clock: .continuous)
                expired.fire()
                channel.close(mode: .input, promise: nil)
            }
            defer { watchdog.cancel() }
            let chunk: ByteBuffer?
            do {
                chunk = try await base.next()
            } catch where expired.hasFired {
                throw await cutOff()
            }
            if expired.hasFired { throw await cutOff() }
            return chunk
        }

        /// Reads what arrived before the input was shut (the read ends there) and returns
        /// the 408 to throw.
        private mutating func cutOff() async -> Problem {
            while (try? await base.next()) != nil {}
            return TimedBody.timedOut(limit)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, channel: channel)
    }

    /// The 408 answer for a body that did not arrive within `limit`; the connection closes.
    static func timedOut(_ limit: Limit) -> Problem {
        let detail = switch limit {
        case .whole(let timeout): "the body did not arrive within \(seconds(timeout)); send it at once"
        case .betweenChunks(let timeout): "the body stopped arriving for \(seconds(timeout))"
        }
        var problem = Problem(.requestTimeout, type: "body-timeout", title: "Body too slow", detail: detail)
        problem.headers[.connection] = "close"
        return problem
    }

    /// `30 s`, `1.5 s`.
    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}

/// Whether a ``TimedBody`` watchdog ran out of time; shared between it and the reader.
fileprivate final class Expiry: Sendable {
    private let fired = Atomic<Bool>(false)

    /// Marks the time as run out.
    func fire() { fired.store(true, ordering: .sequentiallyConsistent) }

    /// Whether the time ran out.
    var hasFired: Bool { fired.load(ordering: .sequentiallyConsistent) }
}
