import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem answer (`application/problem+json`).
struct Problem: HTTPResponseError, Encodable {
    /// One invalid field of a request.
    struct FieldError: Encodable, Equatable {
        let field: String
        let message: String
    }

    let type: String
    let title: String
    let status: HTTPResponse.Status
    let detail: String
    var errors: [FieldError]?
    /// The stream's current version, on a 409 version conflict.
    var currentVersion: Int?
    /// The record's state, on a 422 lifecycle rejection.
    var currentState: String?
    /// What an import had recorded before it stopped, beside the reason it stopped.
    var imported: ImportAnswer?
    /// Extra response headers (`Retry-After`).
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, type: String, title: String, detail: String, errors: [FieldError]? = nil) {
        self.status = status
        self.type = "urn:ledger:problem:\(type)"
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors, currentVersion, currentState
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(errors, forKey: .errors)
        try container.encodeIfPresent(currentVersion, forKey: .currentVersion)
        try container.encodeIfPresent(currentState, forKey: .currentState)
        try imported?.encode(to: encoder)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try LedgerRequestContext.encoder.encode(self))))
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, type: "malformed-request", title: "Malformed request", detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, type: "unauthorized", title: "Missing or invalid token", detail: detail)
    }

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: "forbidden", title: "Not allowed", detail: detail)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, type: "not-found", title: "Not found", detail: detail)
    }

    static func unsupportedMediaType(_ expected: String) -> Problem {
        Problem(.unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported content type",
                detail: "send the body as \(expected)")
    }

    static func unprocessable(_ detail: String, field: String? = nil) -> Problem {
        Problem(.unprocessableContent, type: "rule-violation", title: "The request breaks a rule", detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    static func unavailable(_ detail: String, retryAfterSeconds: Int = 5) -> Problem {
        var problem = Problem(.serviceUnavailable, type: "database-unavailable", title: "Service unavailable", detail: detail)
        problem.headers[.retryAfter] = String(retryAfterSeconds)
        return problem
    }
}
