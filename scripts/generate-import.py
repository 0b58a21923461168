#!/usr/bin/env python3
"""Writes a realistic NDJSON import file: stations, communities, then disputes and alerts
spread over several years, their events interleaved in time order as paper records would
be entered.

Usage: scripts/generate-import.py LINES [SEED] > file.ndjson
Deterministic for a given LINES and SEED, so a benchmark can be repeated.
"""
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))


def main():
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    out = sys.stdout
    start = datetime(2019, 1, 1, 8, 0, tzinfo=TZ)
    lines = 0

    def emit(event_type, data, when):
        nonlocal lines
        out.write(json.dumps({"type": event_type, "data": data, "eventId": uid(),
                              "occurredAt": when.isoformat(timespec="seconds")},
                             ensure_ascii=False, separators=(",", ":")) + "\n")
        lines += 1

    stations = {}
    for s in range(5):
        station = f"st{s:03d}"
        emit("StationRegistered", {"stationId": station, "name": f"派出所 {s}"}, start)
        communities = [f"{station}-co{c:02d}" for c in range(8)]
        for community in communities:
            emit("CommunityRegistered", {"stationId": station, "communityId": community,
                                         "name": f"社区 {community}", "areaClass": rng.choice(["urban", "suburban", "rural"])}, start)
        stations[station] = communities

    pending = []  # (time, order, type, data)
    order = 0

    def later(t, minutes):
        return t + timedelta(minutes=minutes)

    budget = target - lines
    while budget > 0:
        station = rng.choice(list(stations))
        community = rng.choice(stations[station])
        t = start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        events = []
        if rng.random() < 0.5:
            key = {"disputeId": uid()}
            events.append(("DisputeLogged", {**key, "stationId": station, "communityId": community,
                           "category": rng.choice(["neighbour", "family", "property_management", "labour", "traffic"]),
                           "discoveredVia": rng.choice(["walk_in", "alert", "grid_worker"]),
                           "summary": "双方因噪音发生争执", "parties": [{"name": "张三"}, {"name": "李四", "phone": "13800000000"}]}, t))
            t = later(t, rng.randrange(60, 4000))
            if rng.random() < 0.3:
                events.append(("MediationHeld", {**key, "mechanism": "peoples", "outcome": "adjourned"}, t))
                t = later(t, rng.randrange(60, 4000))
            events.append(("MediationHeld", {**key, "mechanism": rng.choice(["police", "peoples", "joint"]), "outcome": "agreement",
                           "venue": "调解室"}, t))
            t = later(t, rng.randrange(10, 600))
            events.append(("DisputeResolved", {**key, "method": "mediation", "resolutionLevel": rng.choice(["community", "station"])}, t))
            if rng.random() < 0.6:
                t = later(t, rng.randrange(1000, 40000))
                events.append(("FollowUpConducted", {**key, "reached": True, "rating": "satisfied", "agreementKept": True}, t))
        else:
            key = {"alertId": uid()}
            category = rng.choice(["criminal", "public_order", "traffic_accident", "dispute", "assistance"])
            events.append(("AlertReceived", {**key, "stationId": station, "communityId": community, "channel": "phone_110",
                           "category": category, "priority": rng.choice([1, 2, 3]), "summary": "群众报警"}, t))
            t = later(t, rng.randrange(1, 5))
            events.append(("UnitDispatched", {**key, "unitId": f"car-{rng.randrange(20)}"}, t))
            unit = events[-1][1]["unitId"]
            t = later(t, rng.randrange(3, 25))
            events.append(("UnitArrived", {**key, "unitId": unit}, t))
            t = later(t, rng.randrange(10, 120))
            events.append(("AlertCleared", {**key, "disposition": rng.choice(["handled", "mediated", "advice_only"])}, t))
        for event_type, data, when in events[:budget]:
            pending.append((when, order, event_type, data))
            order += 1
        budget -= len(events)

    pending.sort(key=lambda e: (e[0], e[1]))
    for when, _, event_type, data in pending:
        emit(event_type, data, when)


if __name__ == "__main__":
    main()
