import Hummingbird

/// Gives every request the server's body timeout, which ``WriteInput`` and the import
/// route hold their bodies to (``TimedBody``).
struct BodyTimeoutMiddleware: RouterMiddleware {
    let timeout: Duration

    func handle(
        _ request: Request, context: LedgerRequestContext,
        next: (Request, LedgerRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.bodyTimeout = timeout
        return try await next(request, context)
    }
}
