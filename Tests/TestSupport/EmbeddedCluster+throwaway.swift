public import Events
public import Foundation
import Logging

extension EmbeddedCluster {
    /// A test cluster in `directory` (data and socket below it) on `port`, with durability
    /// off: what a test loses on a crash is thrown away anyway.
    public static func throwaway(in directory: URL, port: Int, settings extra: [String: String] = [:]) -> EmbeddedCluster {
        EmbeddedCluster(
            dataDirectory: directory.appendingPathComponent("data"),
            socketDirectory: directory.appendingPathComponent("socket"),
            port: port,
            settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"].merging(extra) { $1 },
            logger: Logger(label: "test-cluster")
        )
    }
}
