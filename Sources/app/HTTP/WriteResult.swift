import Events
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The answer to every write: where the event landed.
struct WriteResult: Encodable {
    let streamId: String
    let streamVersion: Int
    let globalPosition: Int64
    /// Lower-case, like every id the API shows.
    let eventId: String

    /// 201 for a new event, 200 for an idempotent repeat, with the version as ETag.
    static func response(_ result: AppendResult, eventId: UUID) throws -> Response {
        let body = WriteResult(
            streamId: result.streamId,
            streamVersion: result.streamVersion,
            globalPosition: result.globalPosition,
            eventId: eventId.uuidString.lowercased()
        )
        var headers: HTTPFields = [.contentType: "application/json", .eTag: "\"\(result.streamVersion)\""]
        headers[.cacheControl] = "no-store"
        return Response(
            status: result.isRepeat ? .ok : .created,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: try LedgerRequestContext.encoder.encode(body)))
        )
    }
}
