public import Testing

/// Checks `condition` every 20 ms until it holds, failing the test if it still does not
/// after `limit`: for effects that arrive asynchronously (a NOTIFY), never for timing.
public func eventually(
    within limit: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("the condition did not hold within \(limit)", sourceLocation: sourceLocation)
}
