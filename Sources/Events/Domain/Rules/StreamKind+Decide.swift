extension StreamKind {
    /// Decides `command` with the rules of this kind of stream; for callers that hold a
    /// stream id rather than a lifecycle type.
    public func decide(
        _ command: Command, given history: StreamHistory, reference: ReferenceData
    ) throws(Rejection) -> [DomainEvent] {
        switch self {
        case .dispute: try DisputeLifecycle.decide(command, given: history, reference: reference)
        case .alert: try AlertLifecycle.decide(command, given: history, reference: reference)
        case .station: try StationLifecycle.decide(command, given: history, reference: reference)
        }
    }
}
