import ArgumentParser

/// The ledger's command line: the HTTP server and the operator's commands.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Event-sourced dispute and alert ledger for community police stations.",
        subcommands: [Serve.self, Migrate.self, Token.self, Replay.self, Import.self, Verify.self, EraseParty.self, Demo.self],
        defaultSubcommand: Serve.self
    )
}
