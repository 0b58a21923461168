import Crypto
public import Foundation

/// One SHA-256 over the heads of every stream of a station as of a global position: what
/// a supervisor writes down so that a later verification can show nothing before it changed.
///
/// The streams are taken in the byte order of their UTF-8 ids; each adds its id and its
/// head version (decimal), each as a 4-byte big-endian length and its bytes, then its head
/// event's 32-byte chain hash as recomputed from the rows (not the stored one), so that
/// altering any earlier event, even with its stored hashes rewritten, changes the digest.
public struct StationDigest: Sendable, Equatable, Codable {
    /// The station.
    public let stationId: String
    /// The position the heads are taken at: each stream's last event at or before it.
    public let asOfPosition: Int64
    /// How many streams the station had by then.
    public let streams: Int
    /// The digest, 64 lower-case hexadecimal digits.
    public let digest: String

    /// `station  digest  N streams  as of position P`, one line.
    public var line: String {
        "\(stationId)  \(digest)  \(streams) streams  as of position \(asOfPosition)"
    }

    /// The digest of `heads` (stream id, head version, head hash), in any order.
    public init(stationId: String, asOfPosition: Int64, heads: [(streamId: String, version: Int, hash: Data)]) {
        self.stationId = stationId
        self.asOfPosition = asOfPosition
        streams = heads.count
        var hasher = SHA256()
        for head in heads.sorted(by: { $0.streamId.utf8.lexicographicallyPrecedes($1.streamId.utf8) }) {
            hasher.update(field: Data(head.streamId.utf8))
            hasher.update(field: Data(String(head.version).utf8))
            hasher.update(data: head.hash)
        }
        digest = Data(hasher.finalize()).hexString
    }
}
