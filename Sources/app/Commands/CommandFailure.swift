import ArgumentParser

/// Turns any error into ArgumentParser's one-line `Error: …` message and exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ error: any Error) {
        description = String(describing: error)
    }

    init(message: String) {
        description = message
    }
}
