import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 document, `openapi.yaml` at the project root.
///
/// The file is read once, when the controller is made at start-up, so a server started
/// without it fails at once instead of answering 404 later; a running server keeps serving
/// the document it started with.
struct OpenAPIController: Sendable {
    /// The document's file name under the project root.
    static let fileName = "openapi.yaml"

    /// `openapi.yaml` could not be read at start-up.
    struct DocumentMissing: Error, CustomStringConvertible {
        /// Where it was looked for.
        let path: String

        var description: String {
            "cannot read the OpenAPI document \(path): run the server from the project directory or pass --root"
        }
    }

    /// The document, as served.
    let document: ByteBuffer

    /// Reads `openapi.yaml` under `root`; throws ``DocumentMissing`` when it cannot.
    init(root: URL) throws {
        let file = root.appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DocumentMissing(path: file.path)
        }
        document = ByteBuffer(bytes: data)
    }

    /// Adds `GET /openapi.yaml`; add it before the auth middleware, as the route is public.
    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: document)
            )
        }
    }
}
