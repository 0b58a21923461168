import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TestSupport

@testable import app

/// `openapi.yaml` describes exactly the routes the server has, and is served as it is.
@Suite(.database)
struct OpenAPIDocumentTests {
    /// The repository root, where `openapi.yaml` lives.
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One operation: `GET /disputes/{}` (parameter names dropped, so `{id}` and `{stationId}`
    /// compare by position only).
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        init(method: String, path: String) {
            self.method = method.uppercased()
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? "{}" : String($0) }
            self.path = "/" + segments.joined(separator: "/")
        }

        var description: String { "\(method) \(path)" }

        static func < (lhs: Operation, rhs: Operation) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    /// The operations under `paths:`: two-space keys starting with `/`, and under each the
    /// four-space HTTP method keys. Enough YAML for this document's layout.
    static func documentedOperations(_ yaml: String) -> Set<Operation> {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: Set<Operation> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty {
                continue
            }
            if !line.hasPrefix(" ") {
                inPaths = line.hasPrefix("paths:")
                path = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init)
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init),
                methods.contains(key)
            {
                operations.insert(Operation(method: key, path: path))
            }
        }
        return operations
    }

    private func document() throws -> String {
        try String(contentsOf: Self.projectRoot.appendingPathComponent(OpenAPIController.fileName), encoding: .utf8)
    }

    private func router() throws -> Router<LedgerRequestContext> {
        let database = try TestDatabase.require()
        let logger = Logger(label: "test")
        let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.migrationsDirectory), logger: logger)
        return buildRouter(database: Database(pool: database.pool, migrator: migrator, logger: logger), openAPI: try OpenAPIController(root: TestDatabase.projectRoot), web: try WebController(root: TestDatabase.projectRoot), logger: logger)
    }

    @Test func theDocumentListsExactlyTheRoutesOfTheRouter() throws {
        let served = Set(try router().routes.map { Operation(method: $0.method.rawValue, path: $0.path.description) })
        let documented = Self.documentedOperations(try document())
        #expect(documented.count > 30, "the paths: section of openapi.yaml was not read")
        let undocumented = served.subtracting(documented).sorted()
        let missing = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "routes that openapi.yaml lacks: \(undocumented)")
        #expect(missing.isEmpty, "operations in openapi.yaml that the router lacks: \(missing)")
    }

    @Test func theParserReadsPathsAndMethodsOnly() {
        let yaml = """
            openapi: 3.1.0
            paths:
              # a comment
              /disputes/{id}/mediations:
                post:
                  parameters: [{ $ref: "#/components/parameters/DisputeId" }]
                  responses: *streamWriteResponses
              /health:
                get:
                  security: []
            components:
              schemas:
                Post:
                  get: {}
            """
        #expect(Self.documentedOperations(yaml) == [
            Operation(method: "POST", path: "/disputes/{disputeId}/mediations"), Operation(method: "GET", path: "/health"),
        ])
    }

    @Test func theControllerServesTheFileAsYAML() async throws {
        let router = Router(context: LedgerRequestContext.self)
        try OpenAPIController(root: Self.projectRoot).addRoutes(to: router)
        let expected = try document()
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(String(buffer: response.body) == expected)
            }
        }
    }

    @Test func aMissingDocumentIsAClearError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-openapi-\(UUID().uuidString)")
        let error = #expect(throws: OpenAPIController.DocumentMissing.self) { try OpenAPIController(root: empty) }
        #expect(error?.description.contains(empty.appendingPathComponent("openapi.yaml").path) == true)
    }
}
