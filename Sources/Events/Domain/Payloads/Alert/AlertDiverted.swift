/// The alert was handed to another agency (非警务警情分流).
public struct AlertDiverted: Sendable, Codable, Equatable {
    /// The receiving agency; an open list.
    public let agency: String
    /// Whether it was diverted before any unit was sent.
    public let beforeDispatch: Bool
    /// The agency's work order reference.
    public let workOrderRef: String?

    /// A diversion.
    public init(agency: String, beforeDispatch: Bool, workOrderRef: String? = nil) {
        self.agency = agency
        self.beforeDispatch = beforeDispatch
        self.workOrderRef = workOrderRef
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case agency, beforeDispatch, workOrderRef
    }
}

extension AlertDiverted: EventPayload {
    typealias Field = CodingKeys
    static let eventType = "AlertDiverted"
    static let streamKind: StreamKind? = .alert
    static let noun = "a diversion"
    var domainEvent: DomainEvent { .alertDiverted(self) }

    func validate() throws(Rejection) {
        try Validation.nonEmpty(agency, "agency")
        try Validation.length(agency, atMost: Validation.labelLength, "agency")
        try Validation.length(workOrderRef, atMost: Validation.labelLength, "workOrderRef")
    }
}
