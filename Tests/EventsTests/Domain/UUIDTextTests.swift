@testable import Events
import Foundation
import Testing

/// The hand-written UUID text agrees with Foundation's, both ways.
struct UUIDTextTests {
    @Test func writesAndReadsWhatFoundationDoes() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(id.uppercasedText == id.uuidString)
            #expect(UUID(hyphenated: id.uuidString) == id)
            #expect(UUID(hyphenated: id.lowercasedText) == id)
        }
    }

    @Test(arguments: [
        "", "0f1e2d3c", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f00",
        "0f1e2d3c4b5a-6978-8796-a5b4c3d2e1f0-", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg", "{f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f}",
        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f\u{e9}",
    ])
    func refusesWhatFoundationRefuses(_ text: String) {
        #expect(UUID(hyphenated: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
