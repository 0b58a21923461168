"""The peer row: Python `eventsourcing` (PyPI) with its PostgreSQL persistence, saving
one-event aggregates (an alert received), each save its own durable transaction.

Run with the virtual environment's interpreter (bench/run.py installs it):
    peer_eventsourcing.py CLIENTS SECONDS
with POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DBNAME, POSTGRES_USER set. Each client is
its own process (no shared interpreter lock between clients) with its own connection.
Prints one JSON line: {"clients", "events", "seconds", "per_second"}.
"""
import json
import multiprocessing
import os
import sys
import time


def application():
    os.environ.setdefault("PERSISTENCE_MODULE", "eventsourcing.postgres")
    os.environ.setdefault("POSTGRES_PASSWORD", "unused")  # trust authentication
    os.environ.setdefault("POSTGRES_POOL_SIZE", "1")
    from eventsourcing.application import Application

    class Alerts(Application):
        pass

    return Alerts()


def new_alert():
    from eventsourcing.domain import Aggregate

    class Alert(Aggregate):
        def __init__(self, station_id, channel, category):
            self.station_id = station_id
            self.channel = channel
            self.category = category

    return Alert


def client(seconds, start_at, queue):
    os.environ["CREATE_TABLE"] = "false"  # the parent created them; concurrent DDL would fail
    Alert = new_alert()
    app = application()
    app.save(Alert("st000", "phone_110", "public_order"))  # table created, connection open
    while time.time() < start_at:
        time.sleep(0.001)
    saved = 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        app.save(Alert("st000", "phone_110", "public_order"))
        saved += 1
    queue.put((saved, time.perf_counter() - started))


def main():
    clients, seconds = int(sys.argv[1]), float(sys.argv[2])
    application()  # creates the tables once, before the clients start
    queue = multiprocessing.Queue()
    start_at = time.time() + 2.0  # every client connected before the clock starts
    processes = [multiprocessing.Process(target=client, args=(seconds, start_at, queue)) for _ in range(clients)]
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    events = sum(saved for saved, _ in results)
    elapsed = max(took for _, took in results)
    print(json.dumps({"clients": clients, "events": events, "seconds": elapsed, "per_second": events / elapsed}))


if __name__ == "__main__":
    main()
