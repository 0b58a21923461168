"""A throwaway PostgreSQL cluster for one benchmark run.

initdb's defaults (fsync on, synchronous_commit on: every commit durable), the same
initdb options as the app's embedded cluster, listening on 127.0.0.1 at a free port and
on a unix socket in its own temporary directory. As root the server programs run as the
`postgres` user, because PostgreSQL refuses to run as root.
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql (run scripts/install-deps.sh)")
    return os.path.dirname(found[-1])


class Cluster:
    def __init__(self):
        self.bin = server_binaries()
        self.dir = tempfile.mkdtemp(prefix="ledger-bench.")
        os.chmod(self.dir, 0o755)  # the postgres user must reach the data directory
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "postgres.log")
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.running = False

    def _server(self, program, *args):
        command = [os.path.join(self.bin, program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        os.makedirs(self.data)
        if self.as_root:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.dir, "postgres", "postgres")
        self._server("initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
        self._server("pg_ctl", "start", "-w", "-D", self.data, "-l", self.log, "-o", options)
        self.running = True

    def stop(self):
        if self.running:
            try:
                self._server("pg_ctl", "stop", "-w", "-m", "fast", "-D", self.data)
            except subprocess.CalledProcessError:
                self._server("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def psql_command(self, database, *args):
        return [os.path.join(self.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                "-U", "postgres", "-d", database, *args]

    def sql(self, database, statement):
        """Runs one statement; returns its output unaligned, tuples only."""
        done = subprocess.run(self.psql_command(database, "-At", "-c", statement),
                              check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def create_database(self, name):
        self.sql("postgres", f"create database {name}")

    def setting(self, name):
        return self.sql("postgres", f"show {name}")
