import Hummingbird

/// `GET /health`: the process is up and answering.
struct HealthController {
    struct Health: ResponseEncodable {
        let status: String
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }
    }
}
