import Foundation

/// A file read as an async sequence of chunks, so a large file is never held in memory.
struct FileChunks: AsyncSequence {
    typealias Element = Data

    /// Why the file could not be read, in one line.
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    let handle: FileHandle
    let path: String
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: FileChunks

        mutating func next() async throws -> Data? {
            let data: Data?
            do {
                data = try chunks.handle.read(upToCount: chunks.chunkSize)
            } catch {
                throw ReadError(description: "cannot read \(chunks.path): \(error.localizedDescription)")
            }
            guard let data, !data.isEmpty else { return nil }
            return data
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: self)
    }
}
