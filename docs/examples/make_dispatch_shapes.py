#!/usr/bin/env python3
"""Writes docs/examples/dispatch-shapes.ndjson, a synthetic month of one station's alerts
in every shape real dispatch exports showed (docs/metrics.md, definitionsVersion 2), and
dispatch-shapes.expected.json, the import answer and statistics computed here, by
simple arithmetic on the generated times, independently of the ledger's own code.
ImportExampleTests imports the file through `POST /import` and checks every figure.

Run it again only to change the example; the output is deterministic.
"""
import json
import math
import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMESPACE = uuid.UUID("1f0c7d1e-4a55-4e36-9a1b-6d0e2c9b7a11")
LOCAL = timezone(timedelta(hours=8))
STATION = "lakeside"
COMMUNITY = "lakeside-east"
TARGET_SECONDS = 10 * 60


def uid(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S+08:00")


lines = []


def line(kind, data, at, event_id):
    lines.append({"type": kind, "data": data, "eventId": event_id, "occurredAt": stamp(at)})


def main():
    rng = random.Random(2024)
    start = datetime(2024, 1, 2, 9, 0, tzinfo=LOCAL)
    line("StationRegistered", {"stationId": STATION, "name": "Lakeside", "timeZone": "Asia/Shanghai",
                               "responseTargetMinutes": 10}, start, uid("station"))
    line("CommunityRegistered", {"stationId": STATION, "communityId": COMMUNITY, "name": "Lakeside East",
                                 "areaClass": "urban"}, start, uid("community"))
    alerts = []
    for i in range(60):
        alerts.append(alert(i, rng))
    # A repeated line (the same event id and content): a duplicate.
    lines.append(dict(lines[2]))
    duplicate_line = len(lines)
    # The same event id as alert 1's dispatch, at another time: a conflict, not a duplicate.
    conflict = dict(lines[[n for n, entry in enumerate(lines) if entry["eventId"] == uid(1, "dispatch", "u1")][0]])
    conflict["occurredAt"] = stamp(datetime.fromisoformat(conflict["occurredAt"]) + timedelta(seconds=60))
    lines.append(conflict)
    conflict_line = len(lines)

    with open(HERE / "dispatch-shapes.ndjson", "w") as out:
        for entry in lines:
            out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    expected = {
        "import": {"accepted": len(lines) - 2, "duplicates": 1, "duplicateLine": duplicate_line,
                   "rejected": [{"line": conflict_line, "status": 409}]},
        "query": {"from": "2024-03-01", "to": "2024-03-31", "stationId": STATION},
        "totals": figures(alerts, include_officer_initiated=False),
        "totalsIncludingOfficerInitiated": figures(alerts, include_officer_initiated=True),
        "receivedByPriority": count_by(alerts, lambda a: None if a["priority"] is None else str(a["priority"])),
        "receivedByChannel": count_by(alerts, lambda a: a["channel"]),
    }
    with open(HERE / "dispatch-shapes.expected.json", "w") as out:
        json.dump(expected, out, indent=2, sort_keys=True)
        out.write("\n")


def alert(i, rng):
    """Writes the lines of alert i and returns what it is, for the expected figures."""
    shape = i % 10
    alert_id = uid(i)
    key = {"alertId": alert_id}
    received = datetime(2024, 3, 1 + i // 2, 8, 0, tzinfo=LOCAL) + timedelta(minutes=7 * i)
    channel = {6: "patrol", 8: "app", 9: "hotline_12345"}.get(shape, "phone_110")
    priority = None if shape == 9 else 1 + i % 3
    data = {**key, "stationId": STATION, "communityId": COMMUNITY, "channel": channel,
            "category": "criminal" if shape == 6 else "public_order"}
    if priority is not None:
        data["priority"] = priority
    line("AlertReceived", data, received, uid(i, "received"))
    a = {"channel": channel, "priority": priority, "received": received, "dispatched": None, "en_route": None,
         "arrived": None, "cleared": None, "status": "received", "reopened": False, "diverted": False,
         "injuries": 0}
    t = received

    def step(kind, payload, seconds, name):
        nonlocal t
        t = t + timedelta(seconds=seconds)
        line(kind, {**key, **payload}, t, uid(i, *name) if isinstance(name, tuple) else uid(i, name))
        return t

    def dispatch(unit, seconds):
        at = step("UnitDispatched", {"unitId": unit}, seconds, ("dispatch", unit))
        a["dispatched"] = a["dispatched"] or at
        a["status"] = "dispatched" if a["status"] == "received" else a["status"]

    def en_route(unit, seconds):
        at = step("UnitEnRoute", {"unitId": unit}, seconds, ("en-route", unit))
        a["en_route"] = a["en_route"] or at

    def arrive(unit, seconds):
        at = step("UnitArrived", {"unitId": unit}, seconds, ("arrival", unit))
        a["arrived"] = a["arrived"] or at
        a["status"] = "on_scene"

    def clear(disposition, seconds, injuries=0, name="clearance"):
        payload = {"disposition": disposition}
        if injuries:
            payload["injuries"] = injuries
        a["cleared"] = step("AlertCleared", payload, seconds, name)
        a["cleared_from"] = a["status"]
        a["status"] = "cleared"
        a["injuries"] = injuries

    if shape == 4:
        # Closed before any unit was sent: a false alarm or a second report of one incident.
        clear("invalid" if i % 20 == 4 else "duplicate", rng.randint(60, 300))
        return a
    if shape == 6:
        # Officer-initiated: the officer who found it is there when it is received.
        dispatch("p1", 0)
        arrive("p1", 0)
        clear("handled", rng.randint(600, 1800))
        return a
    dispatch("u1", rng.randint(20, 240))
    if shape in (0, 1, 3, 5, 8):
        en_route("u1", rng.randint(5, 120))
    if shape == 3:
        # Dispatched, never arrived (stood down on the way).
        clear("handled", rng.randint(300, 900))
        return a
    if shape == 7:
        # Handed to the fire brigade after a unit was sent.
        step("AlertDiverted", {"agency": "fire_brigade", "beforeDispatch": False}, rng.randint(60, 400), "diversion")
        a["status"] = "diverted"
        a["diverted"] = True
        return a
    arrive("u1", rng.randint(90, 900))
    clear("handled", rng.randint(600, 3600), injuries=1 if i % 4 == 0 else 0)
    if shape == 5:
        # The caller rang again: reopened, a unit sent back; cleared again, or still open.
        step("AlertReopened", {"reason": "the caller rang again"}, rng.randint(600, 7200), "reopening")
        a["status"] = a.pop("cleared_from")
        a["cleared"] = None
        a["injuries"] = 0
        a["reopened"] = True
        dispatch("u2", rng.randint(30, 300))
        en_route("u2", rng.randint(5, 60))
        if i < 30:
            arrive("u2", rng.randint(120, 600))
            clear("case_opened", rng.randint(600, 2400), injuries=2, name="second clearance")
    return a


def seconds(a, b):
    return None if a is None or b is None else int((b - a).total_seconds())


def summary(values):
    values = sorted(v for v in values if v is not None)
    n = len(values)
    if n == 0:
        return {"count": 0, "meanSeconds": None, "p50Seconds": None, "p90Seconds": None, "maxSeconds": None}

    def rank(p):
        return values[max(1, math.ceil(p * n)) - 1]

    return {"count": n, "meanSeconds": sum(values) / n, "p50Seconds": rank(0.5), "p90Seconds": rank(0.9),
            "maxSeconds": values[-1]}


def figures(alerts, include_officer_initiated):
    timed = [a for a in alerts if include_officer_initiated or a["channel"] != "patrol"]
    cleared = [a for a in alerts if a["status"] == "cleared"]
    response = [seconds(a["received"], a["arrived"]) for a in timed]
    return {
        "received": len(alerts),
        "diverted": sum(a["diverted"] for a in alerts),
        "reopened": sum(a["reopened"] for a in alerts),
        "officerInitiated": sum(a["channel"] == "patrol" for a in alerts),
        "missingArrival": sum(1 for a in cleared if a["dispatched"] and not a["arrived"]),
        "injuries": sum(a["injuries"] for a in cleared),
        "dispatchDelay": summary(seconds(a["received"], a["dispatched"]) for a in timed),
        "turnout": summary(seconds(a["dispatched"], a["en_route"]) for a in timed),
        "drive": summary(seconds(a["en_route"], a["arrived"]) for a in timed),
        "travel": summary(seconds(a["dispatched"], a["arrived"]) for a in timed),
        "response": summary(response),
        "onScene": summary(seconds(a["arrived"], a["cleared"]) for a in cleared),
        "withinTarget": sum(1 for r in response if r is not None and r <= TARGET_SECONDS),
    }


def count_by(alerts, key):
    counts = {}
    for a in alerts:
        name = json.dumps(key(a))
        counts[name] = counts.get(name, 0) + 1
    return counts


main()
