import Crypto
import Foundation

extension SHA256 {
    /// Adds one field of a hashed layout: its byte count (4 bytes, big-endian), then its bytes.
    mutating func update(field bytes: Data) {
        let count = UInt32(truncatingIfNeeded: bytes.count).bigEndian
        withUnsafeBytes(of: count) { update(bufferPointer: $0) }
        update(data: bytes)
    }
}
