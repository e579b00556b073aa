"""A throwaway PostgreSQL server in a temporary folder, for the tests and the benchmark."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))  # Debian keeps them here
    return found[-1] if found else shutil.which(name)


def installed() -> bool:
    return bool(_pg_bin("initdb") and _pg_bin("pg_ctl"))


class PostgresServer:
    """initdb and pg_ctl in a temporary folder, on a free port of 127.0.0.1; `new_db()`
    gives the URL of a fresh, empty database. Root may not run PostgreSQL, so as root the
    server runs as the `postgres` user that Debian's package creates. `settings` are
    server settings (e.g. {"fsync": "off"} for tests, which need no durability)."""

    def __init__(self, settings: dict | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="sitreps-pg-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        self.data = str(self.folder / "data")
        self._run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True,  # noqa: E731
                                                capture_output=True, text=True)
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "sitreps", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._run(_pg_bin("pg_ctl"), "start", "-w", "-D", self.data,
                  "-l", str(self.folder / "log"), "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
                  "-c max_connections=200" +
                  "".join(f" -c {k}={v}" for k, v in (settings or {}).items()))
        self.count = 0

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://sitreps@127.0.0.1:{self.port}/{name}"

    def new_db(self) -> str:
        import psycopg

        self.count += 1
        name = f"t{self.count}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(_pg_bin("pg_ctl"), "stop", "-D", self.data, "-m", "fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
