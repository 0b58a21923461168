public import Foundation

/// A realistic, reproducible log of a city's community police stations, as NDJSON import
/// lines: what `app demo` loads so a new user has figures to look at.
///
/// Six stations named after those in the station reports, each with its communities.
/// Disputes come a few a day with a bump around the Spring Festival; nearly every mediated
/// one reaches agreement (≈ 99 %), about four in five are resolved on the spot, some are
/// referred, closed unresolved or reopened, most are followed up. Alerts peak in summer
/// and fall by about a fifth a year; most are dispatched and reached within minutes
/// (longer in rural communities; three in four with the time the crew set off), patrol
/// finds are officer-initiated, non-police calls are diverted to other agencies, some are
/// reclassified, cancelled or reopened. A few entries are corrected (a wrong category amended, a
/// follow-up entered twice retracted, an arrival time amended). The same seed and dates
/// always give the same lines, ids included, so loading it twice adds nothing.
public struct DemoLog: Sendable {
    /// One station of the demo, with its communities (id, name, area class).
    public struct Station: Sendable {
        public let stationId: String
        public let name: String
        /// Relative size: volumes are scaled by it.
        let scale: Double
        let communities: [(id: String, name: String, area: String)]
    }

    /// The stations the demo records for.
    public static let stations: [Station] = [
        Station(stationId: "leifeng", name: "Leifeng police station", scale: 1.0, communities: [
            ("leifeng-wanyuan", "Wanyuan", "urban"), ("leifeng-xinhe", "Xinhe", "urban"), ("leifeng-taoyuan", "Taoyuan", "suburban"),
        ]),
        Station(stationId: "guanshaling", name: "Guanshaling police station", scale: 0.8, communities: [
            ("guanshaling-hongshan", "Hongshan", "urban"), ("guanshaling-yinpen", "Yinpen", "urban"), ("guanshaling-fenglin", "Fenglin", "suburban"),
        ]),
        Station(stationId: "wangchengpo", name: "Wangchengpo police station", scale: 1.2, communities: [
            ("wangchengpo-jinxing", "Jinxing", "urban"), ("wangchengpo-dongtang", "Dongtang", "urban"), ("wangchengpo-xiangzhang", "Xiangzhang", "urban"),
            ("wangchengpo-lugu", "Lugu", "suburban"),
        ]),
        Station(stationId: "nanjie", name: "Nanjie police station", scale: 0.7, communities: [
            ("nanjie-laojie", "Laojie", "urban"), ("nanjie-binjiang", "Binjiang", "urban"),
        ]),
        Station(stationId: "haimen", name: "Haimen police station", scale: 0.9, communities: [
            ("haimen-gangkou", "Gangkou", "suburban"), ("haimen-yucun", "Yucun", "rural"), ("haimen-shatan", "Shatan", "rural"),
        ]),
        Station(stationId: "zhanhua", name: "Zhanhua police station", scale: 0.6, communities: [
            ("zhanhua-chengguan", "Chengguan", "suburban"), ("zhanhua-fuguo", "Fuguo", "rural"), ("zhanhua-xiawa", "Xiawa", "rural"),
        ]),
    ]

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
        var log = Writer(now: now, ids: SplitMix(seed: ~seed))
        // One registration time whatever the days, so loading other days gives the same lines.
        let registeredAt = Self.midnight(Self.registered)
        for station in Self.stations {
            log.line("StationRegistered", ["stationId": station.stationId, "name": station.name], at: registeredAt)
            for community in station.communities {
                log.line("CommunityRegistered", [
                    "stationId": station.stationId, "communityId": community.id, "name": community.name, "areaClass": community.area,
                ], at: registeredAt)
            }
        }
        // Each station-day's records come from generators seeded by the station and the
        // day, so runs over overlapping days produce the same records for the days they share.
        var day = Self.midnight(first)
        let end = Self.midnight(last)
        let epoch = Self.midnight(LocalDate(year: 2020, month: 1, day: 1) ?? first)
        while day <= end {
            let dayNumber = Int64(day.timeIntervalSince1970 / 86_400)
            let yearsIn = day.timeIntervalSince(epoch) / (365.25 * 86_400)
            let dayOfYear = Double(Calendar(identifier: .gregorian).ordinality(of: .day, in: .year, for: day) ?? 1)
            // Disputes rise around the Spring Festival; alerts peak in summer and fall by a
            // fifth a year.
            let disputeSeason = 1 + 0.3 * cos(2 * Double.pi * (dayOfYear - 35) / 365)
            let alertSeason = 1 + 0.25 * sin(2 * Double.pi * (dayOfYear - 100) / 365)
            let alertTrend = pow(0.8, yearsIn - 4)
            for (index, station) in Self.stations.enumerated() {
                var mixer = SplitMix(seed: seed ^ UInt64(bitPattern: dayNumber) ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
                var random = SplitMix(seed: mixer.next())
                log.ids = SplitMix(seed: mixer.next())
                for _ in 0..<random.count(mean: 1.6 * station.scale * disputeSeason) {
                    dispute(at: station, on: day, &random, &log)
                }
                for _ in 0..<random.count(mean: 5 * station.scale * alertSeason * alertTrend) {
                    alert(at: station, on: day, &random, &log)
                }
            }
            day = day.addingTimeInterval(86_400)
        }
        return log.lines
    }

    private static let disputeSummaries: [String: [String]] = [
        "neighbour": ["Water leaking into the flat below", "Noise from renovation at night", "Parking space blocked", "Shared corridor used for storage"],
        "family": ["Quarrel between spouses over money", "Care of an elderly parent", "Inheritance of a flat"],
        "property_management": ["Unpaid property fees", "Broken lift not repaired", "Dispute over a car park charge"],
        "labour": ["Unpaid wages at a building site", "Dismissal without notice"],
        "commercial": ["Refund refused by a shop", "Deposit kept by a landlord"],
        "traffic": ["Scraped car in a car park", "Compensation after a minor collision"],
        "land": ["Boundary of a vegetable plot", "Use of a village track"],
        "other": ["Dog bite", "Damage to a shop sign"],
    ]
    private static let alertSummaries: [String: [String]] = [
        "criminal": ["Bicycle stolen", "Phone snatched", "Break-in at a shop"],
        "public_order": ["Fight outside a restaurant", "Drunk man shouting", "Crowd blocking the road"],
        "traffic_accident": ["Two cars collided", "Scooter fell at a crossing"],
        "dispute": ["Neighbours quarrelling", "Customer and shop owner arguing"],
        "assistance": ["Elderly person lost", "Child separated from parents", "Locked out"],
        "fire": ["Smoke from a kitchen", "Rubbish burning"],
        "non_police": ["Street light broken", "Water supply cut", "Noise complaint about a shop"],
        "other": ["Suspicious parcel", "Animal on the road"],
    ]

    private static let surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao"]
    private static let givenNames = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Hua", "Ping", "Gang", "Xia", "Tao", "Ming"]

    private func dispute(at station: Station, on day: Date, _ random: inout SplitMix, _ log: inout Writer) {
        let id = random.uuid().uuidString.lowercased()
        let community = random.pick(station.communities)
        var at = day.addingTimeInterval(Double(random.int(8 * 3600...20 * 3600)))
        let categories = ["neighbour", "neighbour", "neighbour", "family", "family", "property_management", "labour", "commercial",
                          "traffic", "land", "other"]
        var category = random.pick(categories)
        let parties = (0..<random.int(2...3)).map { _ in
            ["name": "\(random.pick(Self.surnames)) \(random.pick(Self.givenNames))", "phone": "139\(random.int(10_000_000...99_999_999))"]
        }
        let logged = log.line("DisputeLogged", [
            "disputeId": id, "stationId": station.stationId, "communityId": community.id, "category": category,
            "discoveredVia": random.pick(["walk_in", "walk_in", "screening", "screening", "grid_worker", "alert", "referral_in"]),
            "key": random.chance(0.08), "parties": parties, "summary": random.pick(Self.disputeSummaries[category] ?? ["A quarrel"]),
        ], at: at)
        if random.chance(0.01) {
            // Entered under the wrong category, put right an hour later.
            let wrong = category
            repeat { category = random.pick(categories) } while category == wrong
            log.line("EntryAmended", ["disputeId": id, "targetEventId": logged, "changes": ["category": category],
                                      "reason": "entered under the wrong category"], at: at.addingTimeInterval(3600))
        }
        // Most are taken up within two days; some wait for the parties for up to three weeks.
        at.addTimeInterval(Double(random.chance(0.8) ? random.int(1800...2 * 86_400) : random.int(2 * 86_400...21 * 86_400)))
        var resolved = false
        let path = random.int(0...99)
        if path < 93 {
            if random.chance(0.06) {
                log.line("MediationHeld", ["disputeId": id, "mechanism": "peoples", "outcome": "adjourned"], at: at)
                at.addTimeInterval(Double(random.int(86_400...5 * 86_400)))
            }
            let agreed = random.chance(0.99)
            log.line("MediationHeld", ["disputeId": id, "mechanism": random.pick(["police", "peoples", "peoples", "joint"]),
                                       "outcome": agreed ? "agreement" : "no_agreement", "mediator": random.pick(Self.surnames)], at: at)
            at.addTimeInterval(Double(random.int(600...7200)))
            if agreed {
                let onSite = random.chance(0.8)
                log.line("DisputeResolved", ["disputeId": id, "method": "mediation",
                                             "resolutionLevel": onSite ? random.pick(["scene", "grid", "community", "community"]) : random.pick(["station", "township"])], at: at)
                resolved = true
            } else if random.chance(0.5) {
                log.line("DisputeReferred", ["disputeId": id, "agency": "judicial_office", "mechanism": "judicial"], at: at)
                at.addTimeInterval(Double(random.int(5 * 86_400...20 * 86_400)))
                log.line("DisputeResolved", ["disputeId": id, "method": "referral", "resolutionLevel": "district"], at: at)
                resolved = true
            } else {
                log.line("DisputeClosedUnresolved", ["disputeId": id, "reason": random.pick(["litigation", "refused"])], at: at)
            }
        } else if path < 97 {
            log.line("DisputeReferred", ["disputeId": id, "agency": random.pick(["court", "labour_bureau", "property_company", "street_office"]),
                                         "mechanism": random.pick(["judicial", "administrative"])], at: at)
            at.addTimeInterval(Double(random.int(3 * 86_400...30 * 86_400)))
            if random.chance(0.8) {
                log.line("DisputeResolved", ["disputeId": id, "method": "referral", "resolutionLevel": random.pick(["township", "district"])], at: at)
                resolved = true
            } else {
                log.line("DisputeClosedUnresolved", ["disputeId": id, "reason": "litigation"], at: at)
            }
        } else if path < 99 {
            log.line("DisputeResolved", ["disputeId": id, "method": "withdrawn", "resolutionLevel": "scene"], at: at)
            resolved = true
        }
        guard resolved else { return }
        if random.chance(0.01) {
            // The agreement broke; mediated again.
            at.addTimeInterval(Double(random.int(7 * 86_400...30 * 86_400)))
            log.line("DisputeReopened", ["disputeId": id, "cause": "agreement_broken"], at: at)
            at.addTimeInterval(Double(random.int(86_400...3 * 86_400)))
            log.line("MediationHeld", ["disputeId": id, "mechanism": "joint", "outcome": "agreement"], at: at)
            at.addTimeInterval(3600)
            log.line("DisputeResolved", ["disputeId": id, "method": "mediation", "resolutionLevel": "community"], at: at)
        }
        guard random.chance(0.65) else { return }
        at.addTimeInterval(Double(random.int(3 * 86_400...14 * 86_400)))
        guard random.chance(0.92) else {
            log.line("FollowUpConducted", ["disputeId": id, "reached": false], at: at)
            return
        }
        let roll = random.int(0...99)
        let rating = roll < 90 ? "satisfied" : roll < 98 ? "basically_satisfied" : "dissatisfied"
        let followUp: [String: Any] = ["disputeId": id, "reached": true, "rating": rating, "agreementKept": roll < 97]
        log.line("FollowUpConducted", followUp, at: at)
        if random.chance(0.01) {
            // Entered twice by mistake; the second entry is retracted.
            let twice = log.line("FollowUpConducted", followUp, at: at.addingTimeInterval(300))
            log.line("EntryRetracted", ["disputeId": id, "targetEventId": twice, "reason": "the same visit entered twice"],
                     at: at.addingTimeInterval(900))
        }
    }

    private func alert(at station: Station, on day: Date, _ random: inout SplitMix, _ log: inout Writer) {
        let id = random.uuid().uuidString.lowercased()
        let community = random.pick(station.communities)
        var at = day.addingTimeInterval(Double(random.int(0...86_399)))
        let category = random.pick(["public_order", "public_order", "public_order", "dispute", "dispute", "dispute", "assistance", "assistance",
                                    "traffic_accident", "traffic_accident", "non_police", "non_police", "criminal", "fire", "other"])
        let channel = random.pick(["phone_110", "phone_110", "phone_110", "phone_110", "phone_110", "phone_110", "phone_110", "phone_110",
                                   "hotline_12345", "hotline_12345", "hotline_12345", "walk_in", "walk_in", "app", "app", "app", "app", "app",
                                   "app", "patrol"])
        log.line("AlertReceived", ["alertId": id, "stationId": station.stationId, "communityId": community.id, "channel": channel,
                                   "category": category, "priority": random.int(1...3),
                                   "summary": random.pick(Self.alertSummaries[category] ?? ["Call for help"])], at: at)
        if category == "non_police" {
            log.line("AlertDiverted", ["alertId": id, "agency": random.pick(["street_office", "property_company", "utilities", "hotline_12345"]),
                                       "beforeDispatch": true, "workOrderRef": "WO-\(random.int(100_000...999_999))"], at: at.addingTimeInterval(180))
            return
        }
        if random.chance(0.03) {
            log.line("AlertCancelled", ["alertId": id, "reason": "caller withdrew"], at: at.addingTimeInterval(60))
            return
        }
        let officerInitiated = channel == "patrol"
        let unit = "\(station.stationId.prefix(2).uppercased())-\(random.int(1...8))"
        at.addTimeInterval(officerInitiated ? 5 : Double(random.int(30...180)))
        log.line("UnitDispatched", ["alertId": id, "unitId": unit], at: at)
        let travel: ClosedRange<Int> = switch community.area {
        case "urban": 150...600
        case "suburban": 240...780
        default: 420...1260
        }
        let travelSeconds = officerInitiated ? 10 : random.int(travel)
        if !officerInitiated && random.chance(0.75) {
            // Three calls in four carry the time the crew set off, as in real dispatch data.
            log.line("UnitEnRoute", ["alertId": id, "unitId": unit], at: at.addingTimeInterval(Double(min(travelSeconds, random.int(20...90)))))
        }
        at.addTimeInterval(Double(travelSeconds))
        let arrived = log.line("UnitArrived", ["alertId": id, "unitId": unit], at: at)
        if random.chance(0.003) {
            // The radio log's clock was off: a supervisor puts the arrival a minute later.
            log.line("EntryAmended", ["alertId": id, "targetEventId": arrived, "changes": ["occurredAt": RFC3339.string(from: at.addingTimeInterval(60))],
                                      "reason": "the radio log's clock was a minute fast"], at: at.addingTimeInterval(1800))
        }
        at.addTimeInterval(Double(random.int(600...2400)))
        if random.chance(0.05) {
            let final = category == "dispute" ? "public_order" : category == "criminal" ? "public_order" : "dispute"
            log.line("AlertReclassified", ["alertId": id, "category": final, "reason": "as found on the scene"], at: at)
            at.addTimeInterval(60)
        }
        var cleared: [String: Any] = ["alertId": id, "disposition": random.pick(["handled", "handled", "mediated", "advice_only", "case_opened"])]
        if category == "traffic_accident" {
            cleared["injuries"] = random.chance(0.3) ? random.int(1...3) : 0
        }
        at.addTimeInterval(Double(random.int(300...1800)))
        log.line("AlertCleared", cleared, at: at)
        if random.chance(0.02) {
            // The caller rings again: a second unit goes back and clears it once more.
            at.addTimeInterval(Double(random.int(1800...7200)))
            log.line("AlertReopened", ["alertId": id, "reason": "the caller rang again"], at: at)
            let second = "\(station.stationId.prefix(2).uppercased())-\(random.int(9...12))"
            at.addTimeInterval(Double(random.int(30...180)))
            log.line("UnitDispatched", ["alertId": id, "unitId": second], at: at)
            at.addTimeInterval(Double(random.int(travel)))
            log.line("UnitArrived", ["alertId": id, "unitId": second], at: at)
            at.addTimeInterval(Double(random.int(600...1800)))
            log.line("AlertCleared", ["alertId": id, "disposition": "handled"], at: at)
        }
    }

    /// When the stations and communities are registered: before any day a demo may hold.
    private static let registered = LocalDate(year: 2000, month: 1, day: 1) ?? LocalDate(Date(timeIntervalSince1970: 946_684_800), in: .gmt)

    /// Local midnight of `date` in the stations' zone (UTC+8, no daylight saving).
    private static func midnight(_ date: LocalDate) -> Date {
        var components = DateComponents(year: date.year, month: date.month, day: date.day)
        components.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return Calendar(identifier: .gregorian).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// Collects the lines, leaving out entries after `now`.
    private struct Writer {
        let now: Date
        var ids: SplitMix
        var lines: [String] = []

        /// Appends one import line and returns its event id. The id is drawn even for a
        /// left-out entry, so later ids do not shift once the entry's time has come.
        @discardableResult
        mutating func line(_ type: String, _ data: [String: Any], at date: Date) -> String {
            let eventId = ids.uuid().uuidString.lowercased()
            guard date <= now else { return eventId }
            let entry: [String: Any] = ["type": type, "data": data, "eventId": eventId, "occurredAt": RFC3339.string(from: date)]
            if let json = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) {
                lines.append(String(decoding: json, as: UTF8.self))
            }
            return eventId
        }
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

    /// A whole count whose mean is `mean`: its whole part, plus one with the fraction's chance.
    mutating func count(mean: Double) -> Int {
        let whole = Int(mean.rounded(.down))
        return whole + (chance(mean - Double(whole)) ? 1 : 0)
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
