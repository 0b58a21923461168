/// Who mediates a dispute, or to whose mechanism it is referred.
public enum MediationMechanism: String, ClosedValueSet {
    /// The police themselves.
    case police
    /// A people's mediation committee (人民调解).
    case peoples
    /// An administrative body (行政调解).
    case administrative
    /// A court or judicial office (司法调解).
    case judicial
    /// Several together (联合调解).
    case joint
}
