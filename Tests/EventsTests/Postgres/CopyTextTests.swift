import Events
import Foundation
import Testing
import TestSupport

/// The hand-written text forms bulk writes and reads use, checked against PostgreSQL itself.
@Suite(.database)
struct CopyTextTests {
    @Test func copyRoundTripsAwkwardTextNullsAndTimes() async throws {
        let database = try TestDatabase.require()
        let connection = try await database.connect()
        defer { Task { await connection.close() } }
        try await connection.query("create temporary table copied (n bigint, t text, b boolean, at timestamptz, id uuid)")
        let texts = ["tab\there", "line\nbreak", "carriage\rreturn", #"back\slash"#, #"\N"#, "调解室", ""]
        let times = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -86_400.5),
            Date(timeIntervalSince1970: 951_782_400.123456), Date(timeIntervalSince1970: 1_709_251_199.999999),
            Date(timeIntervalSince1970: -2_208_988_800), Date(timeIntervalSince1970: 253_402_300_799),
        ]
        var text = CopyText()
        var ids: [UUID] = []
        for (index, value) in texts.enumerated() {
            let id = UUID()
            ids.append(id)
            text.append(Int64(index - 3))
            text.append(value)
            text.append(index % 2 == 0)
            text.append(times[index])
            text.append(id)
            text.endRow()
        }
        text.append(Int64.min)
        text.appendNull()
        text.appendNull()
        text.appendNull()
        text.appendNull()
        text.endRow()
        #expect(try await connection.copyIn("copy copied from stdin", data: text.bytes) == texts.count + 1)
        let rows = try await connection.query(
            "select n, t, b, (extract(epoch from at) * 1000000)::int8 as micros, id from copied order by n")
        #expect(rows.count == texts.count + 1)
        #expect(try rows[0].decode("n", as: Int64.self) == Int64.min)
        #expect(rows[0]["t"] == nil && rows[0]["at"] == nil && rows[0]["id"] == nil)
        for (index, row) in rows.dropFirst().enumerated() {
            #expect(try row.decode("n", as: Int64.self) == Int64(index - 3))
            #expect(try row.decode("t", as: String.self) == texts[index])
            #expect(try row.decode("b", as: Bool.self) == (index % 2 == 0))
            #expect(try row.decode("micros", as: Int64.self) == PostgresTime.microseconds(times[index]))
            #expect(try row.decode("id", as: UUID.self) == ids[index])
        }
    }

    @Test func aRefusedCopyThrowsAndLeavesTheConnectionUsable() async throws {
        let database = try TestDatabase.require()
        let connection = try await database.connect()
        defer { Task { await connection.close() } }
        try await connection.query("create temporary table small (n integer)")
        var text = CopyText()
        text.append(Int64(3_000_000_000))
        text.endRow()
        await #expect(throws: PostgresError.self) { try await connection.copyIn("copy small from stdin", data: text.bytes) }
        #expect(try await connection.query("select count(*) as n from small").first?.decode("n", as: Int.self) == 0)
    }

    @Test func uuidsParseAsFoundationDoesAndRefuseMalformedText() throws {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(UUID(postgresText: id.uuidString.lowercased()) == id)
            #expect(UUID(postgresText: id.uuidString) == id)
        }
        for bad in ["", "not-a-uuid", "6f1c2b9e-0d5a-4c43-9e57-2a8f3d7c1b1", "6f1c2b9e-0d5a-4c43-9e57-2a8f3d7c1b10a",
                    "6f1c2b9e-0d5a-4c43-9e57-2a8f3d7c1bg0", "6f1c2b9e0d5a4c439e572a8f3d7c1b10"] {
            #expect(UUID(postgresText: bad) == nil)
        }
    }
}
