import Hummingbird
import HummingbirdTesting
import Testing

@testable import app

@Suite struct HealthTests {
    @Test func healthAnswersOK() async throws {
        let router = Router()
        HealthController().addRoutes(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }
}
