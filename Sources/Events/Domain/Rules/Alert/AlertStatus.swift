/// Where an alert stands in its lifecycle.
public enum AlertStatus: String, Sendable, Hashable, CaseIterable {
    /// Received, no unit sent yet.
    case received
    /// Units sent, none arrived yet.
    case dispatched
    /// At least one unit arrived.
    case onScene = "on_scene"
    /// Handed to another agency.
    case diverted
    /// Finished with.
    case cleared
    /// Called off.
    case cancelled
}
