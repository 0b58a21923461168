import Foundation
#if canImport(Glibc)
import Glibc
private let sendBytes = Glibc.send
#elseif canImport(Darwin)
import Darwin
private let sendBytes = Darwin.send
#endif

/// A bare TCP connection to a live test server over loopback: sends a request in pieces
/// and reads the answer as it comes, which no HTTP client allows.
///
/// Used by one task at a time; every call returns at once (sends are small and the
/// server reads them, reads never wait).
final class RawConnection: @unchecked Sendable {
    // One task at a time, as above; the descriptor is only closed in deinit.
    private let descriptor: Int32
    /// Everything received so far.
    private(set) var received: [UInt8] = []
    /// Whether the server closed the connection (end of stream or a reset).
    private(set) var closed = false

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes` in full; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: some Sequence<UInt8>) -> Bool {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let sent = remaining.withUnsafeBytes { sendBytes(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else {
                closed = true
                return false
            }
            remaining = remaining.dropFirst(sent)
        }
        return true
    }

    /// Takes what has arrived, without waiting.
    func poll() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !closed {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                closed = true
            } else {
                return
            }
        }
    }

    /// Polls every 50 ms until the server closes the connection, at most `limit` (a bound
    /// for a failing test, not a measurement).
    func waitUntilClosed(limit: Duration = .seconds(60)) async throws {
        let end = ContinuousClock.now.advanced(by: limit)
        poll()
        while !closed, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(50))
            poll()
        }
    }

    /// The answer received so far, split into its status, lower-cased headers and body.
    var answer: (status: Int?, headers: [String: String], body: Data) {
        let text = Data(received)
        guard let split = text.range(of: Data("\r\n\r\n".utf8)) else { return (nil, [:], Data()) }
        let lines = String(decoding: text[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, text[split.upperBound...])
    }
}
