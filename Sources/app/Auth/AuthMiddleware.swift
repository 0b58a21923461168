import Foundation
import Hummingbird

/// Finds the caller's identity from `Authorization: Bearer <token>`; 401 without one.
///
/// The operational routes (`/health`, `/ready`, `/metrics`, `/openapi.yaml`) answer
/// without a token, as probes and scrapers expect.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    let tokens: TokenStore

    static let publicPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.yaml"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.publicPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be Bearer <token>")
        }
        guard let identity = try await tokens.identity(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem.unauthorized("the token is unknown or revoked")
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
