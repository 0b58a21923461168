import Events
import Foundation
import HTTPTypes
import Hummingbird

/// The answer of `POST /import` (and what `app import` prints):
/// `{accepted, duplicates, rejected: [{line, eventId, status, detail}], lastPosition}`.
struct ImportAnswer: ResponseEncodable, Equatable {
    /// One refused line, with the status the same entry would get from its route.
    struct Rejected: Encodable, Equatable {
        let line: Int
        let eventId: UUID?
        let status: Int
        let detail: String

        enum CodingKeys: String, CodingKey {
            case line, eventId, status, detail
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(eventId?.uuidString.lowercased(), forKey: .eventId)
            try container.encode(status, forKey: .status)
            try container.encode(detail, forKey: .detail)
        }
    }

    let accepted: Int
    let duplicates: Int
    let rejected: [Rejected]
    let lastPosition: Int64?

    init(_ report: ImportReport) {
        accepted = report.accepted
        duplicates = report.duplicates
        rejected = report.rejected.map { rejection in
            Rejected(line: rejection.line, eventId: rejection.eventId,
                     status: Int(Self.status(of: rejection.reason).code), detail: rejection.detail)
        }
        lastPosition = report.lastPosition
    }

    enum CodingKeys: String, CodingKey {
        case accepted, duplicates, rejected, lastPosition
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(lastPosition, forKey: .lastPosition)
    }

    /// The status a route answers for the same refusal (api.md's Errors).
    static func status(of reason: ImportRejection.Reason) -> HTTPResponse.Status {
        switch reason {
        case .malformed: .badRequest
        case .streamNotFound: .notFound
        case .eventIdConflict: .conflict
        case .roleRequired: .forbidden
        default: .unprocessableContent
        }
    }
}
