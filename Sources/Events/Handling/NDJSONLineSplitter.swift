/// Cuts a stream of bytes into NDJSON lines as the bytes arrive, holding at most one
/// unfinished line (and never more than `maximumLineBytes` of it) in memory.
struct NDJSONLineSplitter {
    /// One line of the input, numbered from 1.
    struct Line {
        /// The line's number in the input, blank lines included.
        let number: Int
        /// The line without its line break; nil when it was longer than the limit.
        let content: [UInt8]?
        /// The bytes the line took in the input, line break included (for progress).
        let byteCount: Int
    }

    /// Lines longer than this are reported as too long rather than held in memory.
    let maximumLineBytes: Int
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no line break.
    private var scanned = 0
    /// Bytes of an overlong line dropped so far; nonzero while skipping to its end.
    private var dropped = 0
    private var number = 0

    init(maximumLineBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Takes the next bytes and returns the lines they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Line] {
        buffer.append(contentsOf: bytes)
        var lines: [Line] = []
        var start = 0
        var searchFrom = scanned
        while let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(line(buffer[start..<newline], lineBreak: 1))
            start = newline + 1
            searchFrom = start
        }
        buffer.removeSubrange(0..<start)
        if buffer.count > maximumLineBytes {
            dropped += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        scanned = buffer.count
        return lines
    }

    /// The last line when the input does not end with a line break.
    mutating func finish() -> Line? {
        guard !buffer.isEmpty || dropped > 0 else { return nil }
        let last = line(buffer[...], lineBreak: 0)
        buffer = []
        scanned = 0
        return last
    }

    private mutating func line(_ bytes: ArraySlice<UInt8>, lineBreak: Int) -> Line {
        number += 1
        let byteCount = dropped + bytes.count + lineBreak
        defer { dropped = 0 }
        guard dropped == 0, bytes.count <= maximumLineBytes else {
            return Line(number: number, content: nil, byteCount: byteCount)
        }
        let content = bytes.last == UInt8(ascii: "\r") ? Array(bytes.dropLast()) : Array(bytes)
        return Line(number: number, content: content, byteCount: byteCount)
    }
}
