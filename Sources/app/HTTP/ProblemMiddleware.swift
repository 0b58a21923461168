import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging

/// Turns every error into a problem+json answer and logs each request with an id.
///
/// Errors without a mapping are logged in full (one line, at error) and answered as a
/// bare 500 that says nothing about the database or the code. The line per request is at
/// debug level: at a busy station's write rate an info line per request costs more than
/// it tells (`LEDGER_LOG_LEVEL=debug` shows it).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestId = HTTPField.Name.requestId.flatMap { request.headers[$0] } ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "request_id"] = .string(requestId)
        let started = ContinuousClock.now
        var response: Response
        do {
            // PostgreSQL text cannot hold U+0000; refuse it here instead of deep inside a query.
            if request.uri.queryParameters.contains(where: { $0.key.contains("\u{0}") || $0.value.contains("\u{0}") }) {
                throw Problem.badRequest("query parameters may not contain the NUL character", field: "query")
            }
            response = try await next(request, context)
        } catch {
            let problem = Problem(error) ?? {
                context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
                return Problem(.internalServerError, type: "internal", title: "Internal error",
                               detail: "something went wrong on our side; the request id is \(requestId)")
            }()
            if problem.status == .serviceUnavailable {
                context.logger.warning("database unavailable", metadata: ["error": .string(String(reflecting: error))])
            }
            response = try problem.response(from: request, context: context)
        }
        if let name = HTTPField.Name.requestId { response.headers[name] = requestId }
        let elapsed = ContinuousClock.now - started
        context.logger.debug("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
        ])
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: taken from the request when sent, else made up, and echoed back.
    static var requestId: HTTPField.Name? { HTTPField.Name("X-Request-Id") }
}
