public import Foundation

/// A realistic, reproducible log for one community police station, as NDJSON import lines:
/// what `app demo` loads so a new user has figures to look at.
///
/// Each day brings a few disputes (most mediated to agreement and resolved on the spot,
/// some referred or closed unresolved, some followed up) and alerts (dispatched, arrived
/// within minutes, cleared; a few diverted or cancelled). The same seed and dates always
/// give the same lines, ids included, so loading it twice adds nothing.
public struct DemoLog: Sendable {
    /// The station the demo records for.
    public static let stationId = "fengqiao"
    private static let communities = [("fengqiao-wanyuan", "urban"), ("fengqiao-town", "suburban"), ("fengqiao-xinlong", "urban"), ("fengqiao-hengshan", "rural")]

    /// The first local day (Asia/Shanghai) of the log.
    public let first: LocalDate
    /// The last local day of the log.
    public let last: LocalDate
    private let seed: UInt64

    /// The log of the days `first` to `last`; another `seed` gives another, equally reproducible, log.
    public init(first: LocalDate, last: LocalDate, seed: UInt64 = 2023) {
        self.first = first
        self.last = last
        self.seed = seed
    }

    /// The import lines, in an order the rules accept (each record's entries in time order);
    /// entries that would lie after `now` are left out, as the rules refuse future times.
    public func lines(now: Date = Date()) -> [String] {
        // Each day's records come from generators seeded by the day, so runs over
        // overlapping days produce the same records for the days they share.
        var ids = SplitMix(seed: ~seed)
        var lines: [String] = []
        let start = Self.midnight(first)
        func line(_ type: String, _ data: [String: Any], at date: Date) {
            // The id is drawn even for a left-out entry, so later ids do not shift once
            // the entry's time has come.
            let eventId = ids.uuid()
            guard date <= now else { return }
            let entry: [String: Any] = [
                "type": type, "data": data, "eventId": eventId.uuidString.lowercased(),
                "occurredAt": RFC3339.string(from: date),
            ]
            if let json = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) {
                lines.append(String(decoding: json, as: UTF8.self))
            }
        }
        line("StationRegistered", ["stationId": Self.stationId, "name": "Fengqiao police station"], at: start)
        for (community, area) in Self.communities {
            line("CommunityRegistered", ["stationId": Self.stationId, "communityId": community, "name": community, "areaClass": area], at: start)
        }
        var day = start
        let end = Self.midnight(last)
        while day <= end {
            var mixer = SplitMix(seed: seed ^ UInt64(bitPattern: Int64(day.timeIntervalSince1970 / 86_400)))
            var random = SplitMix(seed: mixer.next())
            ids = SplitMix(seed: mixer.next())
            for _ in 0..<random.int(2...4) { dispute(on: day, &random, line) }
            for _ in 0..<random.int(4...8) { alert(on: day, &random, line) }
            day = day.addingTimeInterval(86_400)
        }
        return lines
    }

    private func dispute(on day: Date, _ random: inout SplitMix, _ line: (String, [String: Any], Date) -> Void) {
        let id = random.uuid().uuidString.lowercased()
        var at = day.addingTimeInterval(Double(random.int(8 * 3600...20 * 3600)))
        let categories = ["neighbour", "neighbour", "family", "property_management", "labour", "commercial", "traffic", "land", "other"]
        line("DisputeLogged", [
            "disputeId": id, "stationId": Self.stationId, "communityId": random.pick(Self.communities).0,
            "category": random.pick(categories), "discoveredVia": random.pick(["walk_in", "screening", "grid_worker", "alert", "referral_in"]),
            "key": random.chance(0.1),
        ], at)
        at.addTimeInterval(Double(random.int(1800...86_400)))
        guard random.chance(0.95) else { return }
        let agreed = random.chance(0.96)
        line("MediationHeld", ["disputeId": id, "mechanism": random.pick(["police", "peoples", "joint"]), "outcome": agreed ? "agreement" : "no_agreement"], at)
        at.addTimeInterval(Double(random.int(600...7200)))
        if agreed {
            let onSite = random.chance(0.8)
            line("DisputeResolved", ["disputeId": id, "method": "mediation",
                                     "resolutionLevel": onSite ? random.pick(["scene", "grid", "community"]) : random.pick(["station", "township"])], at)
        } else if random.chance(0.5) {
            line("DisputeReferred", ["disputeId": id, "agency": "judicial_office", "mechanism": "judicial"], at)
        } else {
            line("DisputeClosedUnresolved", ["disputeId": id, "reason": random.pick(["litigation", "refused"])], at)
        }
        if random.chance(0.6) {
            at.addTimeInterval(Double(random.int(86_400 * 3...86_400 * 14)))
            let rating = random.chance(0.9) ? "satisfied" : random.pick(["basically_satisfied", "dissatisfied"])
            line("FollowUpConducted", ["disputeId": id, "reached": true, "rating": rating], at)
        }
    }

    private func alert(on day: Date, _ random: inout SplitMix, _ line: (String, [String: Any], Date) -> Void) {
        let id = random.uuid().uuidString.lowercased()
        var at = day.addingTimeInterval(Double(random.int(0...86_399)))
        let category = random.pick(["public_order", "public_order", "dispute", "dispute", "assistance", "traffic_accident",
                                    "non_police", "criminal", "fire", "other"])
        line("AlertReceived", ["alertId": id, "stationId": Self.stationId, "communityId": random.pick(Self.communities).0,
                               "channel": random.pick(["phone_110", "phone_110", "hotline_12345", "walk_in", "app"]), "category": category,
                               "priority": random.int(1...3)], at)
        if category == "non_police" {
            line("AlertDiverted", ["alertId": id, "agency": "street_office", "beforeDispatch": true], at.addingTimeInterval(120))
            return
        }
        if random.chance(0.03) {
            line("AlertCancelled", ["alertId": id, "reason": "caller withdrew"], at.addingTimeInterval(60))
            return
        }
        let unit = "P\(random.int(1...6))"
        at.addTimeInterval(Double(random.int(30...180)))
        line("UnitDispatched", ["alertId": id, "unitId": unit], at)
        at.addTimeInterval(Double(random.int(180...780)))
        line("UnitArrived", ["alertId": id, "unitId": unit], at)
        at.addTimeInterval(Double(random.int(900...3600)))
        line("AlertCleared", ["alertId": id, "disposition": random.pick(["handled", "mediated", "advice_only", "case_opened"])], at)
    }

    /// Local midnight of `date` in the station's zone (UTC+8, no daylight saving).
    private static func midnight(_ date: LocalDate) -> Date {
        var components = DateComponents(year: date.year, month: date.month, day: date.day)
        components.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return Calendar(identifier: .gregorian).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }
}

/// A small seeded generator (SplitMix64): the same seed always gives the same demo.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    mutating func uuid() -> UUID {
        let (a, b) = (next(), next())
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> ($0 * 8)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
