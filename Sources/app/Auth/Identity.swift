import Events
import Foundation

/// Who is calling: the token's role, stations and name, found from its bearer token.
struct Identity: Sendable, Equatable {
    let tokenId: UUID
    let role: ActorRole
    /// The stations the token is scoped to; empty means none for a clerk and all for a
    /// supervisor or admin.
    let stationIds: Set<String>
    let name: String

    /// The actor recorded on events this identity writes.
    var actor: String { name.isEmpty ? "\(role.rawValue):\(tokenId.uuidString.lowercased().prefix(8))" : name }

    /// Whether this identity may see or touch records of `stationId`.
    func mayAccess(station stationId: String) -> Bool {
        switch role {
        case .admin: true
        case .supervisor: stationIds.isEmpty || stationIds.contains(stationId)
        case .clerk: stationIds.contains(stationId)
        }
    }

    /// The stations a read may cover: the `requested` ones when all are allowed (403
    /// otherwise), else every station this identity may see; nil means all stations.
    func scope(requested: [String]) throws -> [String]? {
        for station in requested { try requireAccess(to: station) }
        if !requested.isEmpty { return requested }
        switch role {
        case .admin: return nil
        case .supervisor: return stationIds.isEmpty ? nil : stationIds.sorted()
        case .clerk: return stationIds.sorted()
        }
    }

    /// Throws 403 unless the role is one of `roles`.
    func require(_ roles: ActorRole...) throws {
        try require(roles)
    }

    /// Throws 403 unless the role is one of `roles`.
    func require(_ roles: [ActorRole]) throws {
        guard roles.contains(role) else {
            throw Problem.forbidden("this needs the \(roles.map(\.rawValue).joined(separator: " or ")) role; the token is a \(role.rawValue) token")
        }
    }

    /// Throws 403 unless this identity may access `stationId`.
    func requireAccess(to stationId: String) throws {
        guard mayAccess(station: stationId) else {
            throw Problem.forbidden("this token may not access station \(stationId)")
        }
    }
}
