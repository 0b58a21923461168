import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /` and `GET /ui/{file}`: the browser pages for clerks and supervisors, the files
/// of `web/` at the project root.
///
/// The files are read once, at start-up, like `openapi.yaml`: a server started without
/// them fails at once, and a request can only ever name one of the files read (no path
/// reaches the file system). The routes answer without a token, since the page is what
/// asks for one; every figure on it comes from the API, which demands the token.
struct WebController: Sendable {
    /// The directory under the project root that holds the pages.
    static let directoryName = "web"

    /// The page served at `/`.
    static let indexName = "index.html"

    /// `web/` or its index page could not be read at start-up.
    struct PagesMissing: Error, CustomStringConvertible {
        /// Where they were looked for.
        let path: String

        var description: String {
            "cannot read the web pages in \(path): run the server from the project directory or pass --root"
        }
    }

    /// One file as served.
    struct Asset: Sendable {
        let contentType: String
        let body: ByteBuffer
    }

    /// Content types by file extension; files with any other extension are not served.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "ico": "image/x-icon",
    ]

    /// Where scripts, styles, images and API calls may come from: this server only, so the
    /// page works without a network and cannot be made to load anything else.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    /// The files by name (no directories: `web/` is flat).
    let assets: [String: Asset]

    /// Reads every file of a served type directly in `root/web`; throws ``PagesMissing``
    /// when the directory or its `index.html` cannot be read.
    init(root: URL) throws {
        let directory = root.appendingPathComponent(Self.directoryName, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw PagesMissing(path: directory.path)
        }
        var assets: [String: Asset] = [:]
        for name in names {
            guard let type = Self.contentTypes[(name as NSString).pathExtension.lowercased()],
                  let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            else { continue }
            assets[name] = Asset(contentType: type, body: ByteBuffer(bytes: data))
        }
        guard assets[Self.indexName] != nil else { throw PagesMissing(path: directory.path) }
        self.assets = assets
    }

    /// Adds `GET /` and `GET /ui/{file}`; add them before the auth middleware, as they are public.
    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/") { _, _ in
            try response(Self.indexName)
        }
        router.get("/ui/{file}") { _, context in
            try response(context.parameters.get("file") ?? "")
        }
    }

    private func response(_ name: String) throws -> Response {
        guard let asset = assets[name] else { throw Problem.notFound("there is no file \(name) in the web pages") }
        return Response(
            status: .ok,
            headers: [
                .contentType: asset.contentType,
                .cacheControl: "no-cache",
                .contentSecurityPolicy: Self.contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: asset.body)
        )
    }
}
