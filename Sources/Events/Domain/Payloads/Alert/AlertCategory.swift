/// What an alert (警情) is about; can change by reclassification.
public enum AlertCategory: String, ClosedValueSet {
    /// A crime (刑事).
    case criminal
    /// Public order (治安).
    case publicOrder = "public_order"
    /// A traffic accident.
    case trafficAccident = "traffic_accident"
    /// A dispute, possibly logged as one.
    case dispute
    /// Someone needs help.
    case assistance
    /// A fire.
    case fire
    /// Not a police matter (非警务), usually diverted.
    case nonPolice = "non_police"
    /// Anything else.
    case other

    /// Whether an alert of this category is a police matter unless the clerk says otherwise.
    public var isPoliceMatterByDefault: Bool { self != .nonPolice }
}
