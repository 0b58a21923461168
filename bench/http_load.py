"""A small HTTP/1.1 load generator: N keep-alive connections, each in its own thread,
running a task in a loop for a fixed time.

The client speaks raw HTTP over a socket (no http.client), so that the load generator
takes as little of the machine's CPU as it can; its own CPU time is reported beside the
figures because it shares the machine with the server and PostgreSQL.
"""
import socket
import threading
import time


class Connection:
    def __init__(self, host, port, token=None, timeout=120):
        self.host, self.port, self.token, self.timeout = host, port, token, timeout
        self.sock = None
        self.buffer = b""

    def _connect(self):
        self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None

    def request(self, method, path, body=b"", content_type="application/json"):
        """Sends one request; returns (status, body bytes)."""
        if self.sock is None:
            self._connect()
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if self.token:
            head += f"Authorization: Bearer {self.token}\r\n"
        if body:
            head += f"Content-Type: {content_type}\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        try:
            self.sock.sendall(head.encode() + body)
            return self._response()
        except Exception:
            self.close()
            raise

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        index = self.buffer.index(marker)
        line, self.buffer = self.buffer[:index], self.buffer[index + len(marker):]
        return line

    def _read_exactly(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(max(65536, count - len(self.buffer)))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _response(self):
        head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = int(head[0].split(" ")[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                if size == 0:
                    self._read_until(b"\r\n")
                    break
                body += self._read_exactly(size)
                self._read_until(b"\r\n")
        else:
            body = self._read_exactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body


class Recorder:
    """What one client saw: each request's latency and status."""

    def __init__(self):
        self.latencies = []
        self.failures = []

    def timed(self, connection, method, path, body=b"", expect=(200, 201), content_type="application/json"):
        started = time.perf_counter()
        try:
            status, answer = connection.request(method, path, body, content_type)
        except socket.timeout:  # counted at the time it was given up, and as a failure
            self.latencies.append(time.perf_counter() - started)
            self.failures.append(f"{method} {path.split('?')[0]}: no answer within {connection.timeout} s")
            return None, b""
        except Exception as error:  # a dropped connection counts as a failure
            self.failures.append(f"{method} {path.split('?')[0]}: {error}")
            return None, b""
        self.latencies.append(time.perf_counter() - started)
        if status not in expect:
            self.failures.append(f"{method} {path.split('?')[0]}: {status} {answer[:200]!r}")
        return status, answer


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def run(clients, seconds, host, port, token, task, setup=None, timeout=120):
    """Runs `task(connection, recorder, client_index, iteration)` in a loop on `clients`
    connections for `seconds`. Returns a summary dict."""
    recorders = [Recorder() for _ in range(clients)]
    start_barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index):
        connection = Connection(host, port, token, timeout)
        if setup:
            setup(connection, index)
        start_barrier.wait()
        iteration = 0
        while time.perf_counter() < deadline[0]:
            task(connection, recorders[index], index, iteration)
            iteration += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before = time.process_time()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start_barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    latencies = [value for recorder in recorders for value in recorder.latencies]
    failures = [value for recorder in recorders for value in recorder.failures]
    return summary(latencies, failures, elapsed, cpu)


def summary(latencies, failures, seconds, cpu):
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "per_second": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": _ms(percentile(latencies, 50)),
        "p99_ms": _ms(percentile(latencies, 99)),
        "failures": len(failures),
        "first_failures": failures[:3],
        "client_cpu_s": cpu,
        "latencies": latencies,
        "failure_list": failures,
    }


def merged(results):
    """One summary of several runs (slices of one measurement)."""
    return summary([x for r in results for x in r["latencies"]], [x for r in results for x in r["failure_list"]],
                   sum(r["seconds"] for r in results), sum(r["client_cpu_s"] for r in results))


def _ms(seconds):
    return None if seconds is None else seconds * 1000.0
