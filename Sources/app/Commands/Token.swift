import ArgumentParser
import Events
import Foundation
import Logging

extension App {
    /// Creates and revokes API tokens.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or revoke API tokens.",
            subcommands: [Create.self, Revoke.self]
        )
    }
}

extension App.Token {
    /// `token create`: prints a new token once; only its hash is stored.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; the token alone is printed on the last line."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "clerk, supervisor or admin.")
        var role: ActorRole

        @Option(name: .customLong("station"), help: "A station the token may access (repeatable).")
        var stations: [String] = []

        @Option(help: "Who holds the token; recorded as the actor of their events.")
        var name: String = ""

        func run() async throws {
            let db = try await Database.open(database, logger: Logger(label: "ledger.token"), maximumConnections: 1)
            do {
                let created = try await TokenStore(pool: db.pool).create(role: role, stationIds: stations, name: name)
                await db.close()
                print("created \(role.rawValue) token \(created.tokenId.uuidString.lowercased()) (keep it: it is shown only once)")
                print(created.token)
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
        }
    }

    /// `token revoke ID`: the token stops working at once.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The token id printed when it was created.")
        var tokenId: String

        func run() async throws {
            guard let id = UUID(uuidString: tokenId) else { throw ValidationError("\(tokenId) is not a token id") }
            let db = try await Database.open(database, logger: Logger(label: "ledger.token"), maximumConnections: 1)
            let revoked: Bool
            do {
                revoked = try await TokenStore(pool: db.pool).revoke(tokenId: id)
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
            guard revoked else { throw CommandFailure(message: "no live token has the id \(tokenId)") }
            print("revoked token \(tokenId)")
        }
    }
}
