import Logging
import Testing

@testable import app

struct LogLevelTests {
    @Test func theServerLogLevelComesFromTheEnvironmentAndRefusesNonsense() throws {
        #expect(try App.Serve.logLevel([:]) == .info)
        #expect(try App.Serve.logLevel(["LEDGER_LOG_LEVEL": "debug"]) == .debug)
        #expect(throws: CommandFailure.self) { try App.Serve.logLevel(["LEDGER_LOG_LEVEL": "loud"]) }
    }
}
