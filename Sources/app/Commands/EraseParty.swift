import ArgumentParser
import Events
import Foundation
import Logging

extension App {
    /// Erases the names and phone numbers of a dispute's parties by destroying their keys.
    struct EraseParty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase-party",
            abstract: "Erase a dispute's party names and phone numbers (destroys their keys, records PartyDataErased).",
            discussion: """
                Destroys the keys of the named parties (their places in the dispute's parties, from 0) or, \
                with --all, of every party, and appends a PartyDataErased to the dispute in the same \
                transaction. Every read then shows those parties as {"erased": true}; the events, their \
                hashes and every figure stay as they were. It cannot be undone.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The dispute's id.")
        var dispute: String

        @Option(name: .customLong("party"), help: "A party's place in the dispute's parties, from 0; repeat for several.")
        var parties: [Int] = []

        @Flag(help: "Erase every party of the dispute.")
        var all = false

        @Option(help: "Why, e.g. the person's request; recorded in the event.")
        var reason: String

        @Option(help: "Who erases, recorded as the event's actor and in the key table.")
        var actor: String = "erase-party"

        func validate() throws {
            guard UUID(uuidString: dispute) != nil else { throw ValidationError("--dispute must be a dispute's id (a UUID)") }
            guard all != !parties.isEmpty else { throw ValidationError("name the parties with --party INDEX, or give --all") }
            if parties.contains(where: { $0 < 0 }) { throw ValidationError("--party must be a place in the dispute's parties, 0 or more") }
        }

        func run() async throws {
            let logger = Logger(label: "ledger.erase-party")
            guard let disputeId = UUID(uuidString: dispute) else { throw ValidationError("--dispute must be a UUID") }
            let db = try await Database.open(database, logger: logger, maximumConnections: 2)
            let erasure: PartyEraser.Erasure
            do {
                erasure = try await PartyEraser(store: db.store, logger: logger)
                    .erase(disputeId: disputeId, partyIndexes: all ? nil : parties, reason: reason, actor: actor)
            } catch {
                await db.close()
                throw CommandFailure(error)
            }
            await db.close()
            let entry = erasure.result.entries.first
            print("erased parties \(erasure.partyIndexes.map(String.init).joined(separator: ", ")) of dispute \(disputeId.uuidString.lowercased()): "
                  + "PartyDataErased at version \(entry?.streamVersion ?? 0), position \(entry?.globalPosition ?? 0)")
        }
    }
}
