import Hummingbird
import NIOCore

/// A request body read as it arrives, counting its bytes and failing with 413 once it
/// passes `limit`, so a large upload is never held in memory.
struct ByteLimitedBody<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBufferView

    let base: Base
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        var count = 0

        mutating func next() async throws -> ByteBufferView? {
            guard let buffer = try await base.next() else { return nil }
            count += buffer.readableBytes
            guard count <= limit else { throw ByteLimitedBody.tooLarge(limit) }
            return buffer.readableBytesView
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }

    /// The 413 answer for a body over `limit` bytes.
    static func tooLarge(_ limit: Int) -> Problem {
        Problem(.contentTooLarge, type: "body-too-large", title: "Body too large",
                detail: "the body is larger than this route accepts (\(limit >> 20) MiB)")
    }
}
