"""The release binary of the app, pointed at one database of the benchmark cluster through
DATABASE_URL: migrate, token, verify, replay (timed, with its peak RSS), serve."""
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from cluster import free_port


class App:
    def __init__(self, binary, root, database_url, workdir):
        self.binary, self.root, self.workdir = binary, root, workdir
        self.env = dict(os.environ, DATABASE_URL=database_url)

    def run(self, *args, timeout=None, ok=(0,)):
        """Runs a command to the end; returns its stdout (raises with its output when its
        exit status is not in `ok`)."""
        done = subprocess.run([self.binary, *args], cwd=self.root, env=self.env, timeout=timeout,
                              capture_output=True, text=True)
        if done.returncode not in ok:
            raise RuntimeError(f"app {' '.join(args)} exited {done.returncode}: "
                               f"{(done.stderr or done.stdout).strip()[-800:]}")
        return done.stdout

    def migrate(self):
        self.run("migrate")

    def admin_token(self):
        token = self.run("token", "create", "--role", "admin", "--name", "bench").strip().splitlines()[-1]
        if not token.startswith("lgr_"):
            raise RuntimeError(f"token create printed no token: {token!r}")
        return token

    def timed(self, args, cap_seconds, log_name):
        """Runs a command with a time cap. Returns (finished, wall seconds, peak RSS in MB,
        last output line); a command still running at the cap is killed."""
        log_path = os.path.join(self.workdir, log_name)
        with open(log_path, "w") as log:
            started = time.monotonic()
            process = subprocess.Popen([self.binary, *args], cwd=self.root, env=self.env,
                                       stdout=log, stderr=subprocess.STDOUT)
            finished, status, usage = True, None, None
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - started > cap_seconds:
                    process.send_signal(signal.SIGKILL)
                    _, status, usage = os.wait4(process.pid, 0)
                    finished = False
                    break
                time.sleep(0.05)
            wall = time.monotonic() - started
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        with open(log_path, errors="replace") as log:
            lines = [line.strip() for line in log.read().replace("\r", "\n").splitlines() if line.strip()]
        if finished and process.returncode != 0:
            raise RuntimeError(f"app {' '.join(args)} exited {process.returncode}: {' | '.join(lines[-3:])}")
        # ru_maxrss is in kilobytes on Linux: the process's peak resident set.
        return finished, wall, usage.ru_maxrss / 1024.0, lines[-1] if lines else ""


class Server:
    """`app serve` on a free port of 127.0.0.1; stopped by stop() (SIGTERM, then SIGKILL)."""

    def __init__(self, app, log_name):
        self.app, self.port = app, free_port()
        self.log_path = os.path.join(app.workdir, log_name)
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        log = open(self.log_path, "w")
        self.process = subprocess.Popen([self.app.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.app.root, env=self.app.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app serve exited during start-up: {self.log_tail()}")
            if self.status("/health")[0] == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("app serve did not answer /health")

    def wait_ready(self, timeout):
        """Waits for /ready 200; returns the seconds waited, or raises with the last answer."""
        started = time.monotonic()
        status, body = None, ""
        while time.monotonic() - started < timeout:
            status, body = self.status("/ready")
            if status == 200:
                return time.monotonic() - started
            time.sleep(0.25)
        raise RuntimeError(f"/ready still {status} after {timeout:.0f} s: {body[:200]}")

    def status(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as answer:
                return answer.status, answer.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return None, ""

    def request(self, method, path, token, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return None

    def log_tail(self, lines=5):
        try:
            with open(self.log_path, errors="replace") as log:
                return " | ".join(line.strip() for line in log.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
