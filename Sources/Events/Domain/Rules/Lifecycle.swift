import Foundation

/// The rules of one kind of stream: a pure fold of its events into a state, and the
/// decision whether a command may be recorded.
///
/// The kinds (`DisputeLifecycle`, `AlertLifecycle`, `StationLifecycle`) supply the
/// state-specific parts; the shared parts here apply to every stream: the entry must
/// belong on the stream, its values and time must be valid and within bounds, and times
/// may not run backwards.
public protocol Lifecycle {
    /// What the fold produces; nil before the stream's first event.
    associatedtype State: Sendable, Equatable

    /// The kind of stream these rules govern.
    static var streamKind: StreamKind { get }

    /// The state after `event`; total, it never rejects. Events that cannot apply (before
    /// the stream started) leave the state as it is.
    static func evolve(_ state: State?, _ event: EffectiveEvent) -> State?

    /// Rejects `event` if the lifecycle does not allow it after `state`, or if it names an
    /// unregistered station or community.
    static func check(_ event: DomainEvent, after state: State?, reference: ReferenceData)
        throws(Rejection)

    /// The state in a clause a clerk understands, e.g. "dispute is resolved".
    static func sentence(for state: State?) -> String

    /// What may follow the state, e.g. "only a reopening or a follow-up may follow".
    static func whatMayFollow(_ state: State?) -> String

    /// The state's contract name, e.g. `resolved`, `on_scene`; nil before the stream starts.
    static func name(of state: State?) -> String?
}

extension Lifecycle {
    /// Folds effective events without checking them; for histories already accepted.
    public static func fold(_ history: [EffectiveEvent]) -> State? {
        history.reduce(nil, evolve)
    }

    /// The state of a stream as read.
    public static func state(of history: StreamHistory) -> State? {
        fold(history.effective)
    }

    /// Folds effective events, checking each with the same rules as `decide`; rejects the
    /// first event the rules would not have accepted.
    public static func replay(_ history: [EffectiveEvent], reference: ReferenceData)
        throws(Rejection) -> State?
    {
        var state: State? = nil
        var latest: Date? = nil
        for entry in history {
            try admit(entry.event, at: entry.occurredAt, after: state, latest: latest, reference: reference)
            state = evolve(state, entry)
            latest = entry.occurredAt
        }
        return state
    }

    /// The events to append for `command`, or the rejection that says why not.
    ///
    /// Ordinary entries are checked against the state of `history`; corrections are checked
    /// by re-folding the effective history they would leave, with `replay`.
    public static func decide(
        _ command: Command, given history: StreamHistory, reference: ReferenceData
    ) throws(Rejection) -> [DomainEvent] {
        switch command.event {
        case .entryRetracted(let retraction):
            try decideRetraction(retraction, command, given: history, reference: reference)
        case .entryAmended(let amendment):
            try decideAmendment(amendment, command, given: history, reference: reference)
        default:
            try admit(
                command.event, at: command.occurredAt, after: state(of: history),
                latest: history.effective.last?.occurredAt, reference: reference)
        }
        return [command.event]
    }

    /// The checks every ordinary entry passes, in the order a clerk fixes them.
    static func admit(
        _ event: DomainEvent, at occurredAt: Date, after state: State?, latest: Date?,
        reference: ReferenceData
    ) throws(Rejection) {
        guard event.streamKind == streamKind else {
            throw Rejection(
                .wrongStream,
                "cannot record \(event.payloadType.noun) on \(streamKind.record): it belongs on \(event.streamKind?.record ?? "any record")"
            )
        }
        try event.payload.validate()
        try Validation.time(occurredAt, EntryAmended.occurredAtField)
        try check(event, after: state, reference: reference)
        if let latest, occurredAt < latest {
            throw Rejection(
                .timeRunsBackwards,
                "cannot record \(event.payloadType.noun) dated \(RFC3339.readable(occurredAt)): \(sentence(for: state)) and its latest entry is dated \(RFC3339.readable(latest)); times may not run backwards",
                currentState: name(of: state))
        }
    }

    /// The rejection for an entry the lifecycle does not allow after `state`.
    static func illegal(_ noun: String, after state: State?) -> Rejection {
        Rejection(
            .illegalTransition,
            "cannot record \(noun): \(sentence(for: state)); \(whatMayFollow(state))",
            currentState: name(of: state))
    }
}
