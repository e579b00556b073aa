import datetime as dt
import os
from pathlib import Path

import pytest

from sitreps.models import Article

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared" / "benchmarks"


@pytest.fixture(scope="session")
def nlp():
    from sitreps.nlp import load_nlp
    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer():
    from sitreps.resolve.gazetteer import default_gazetteer
    return default_gazetteer()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "test.db")


def make_article(text, title="", published="2019-10-22", id="t-1", outlet="Test Wire"):
    return Article(id=id, text=text, title=title, outlet=outlet,
                   published=dt.date.fromisoformat(published) if published else None)


def update_golden() -> bool:
    return os.environ.get("SITREPS_UPDATE_GOLDEN") == "1"


# A throwaway PostgreSQL server for the tests marked `postgres` ----------------------------
def _pg_bin(name: str) -> str | None:
    import glob
    import shutil

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PostgresServer:
    """initdb and pg_ctl in a temporary folder, on a free port of 127.0.0.1; `new_db()`
    gives the URL of a fresh, empty database. Root may not run PostgreSQL, so as root the
    server runs as the `postgres` user that Debian's package creates."""

    def __init__(self):
        import socket
        import subprocess
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="sitreps-pg-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_user = []
        if os.geteuid() == 0:
            import shutil
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data, log = self.folder / "data", self.folder / "log"
        run = lambda *cmd: subprocess.run([*self.as_user, *cmd], check=True,  # noqa: E731
                                          capture_output=True, text=True)
        run(_pg_bin("initdb"), "-D", str(data), "-U", "sitreps", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8")
        run(_pg_bin("pg_ctl"), "start", "-w", "-D", str(data), "-l", str(log), "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -F "
            "-c max_connections=200")
        self._stop = lambda: run(_pg_bin("pg_ctl"), "stop", "-D", str(data), "-m", "fast")
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

    def stop(self):
        import shutil

        try:
            self._stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    """The server, started once per test session. Outside CI, tests that need it are
    skipped when PostgreSQL is not installed; in CI they fail (`make test` installs it)."""
    if not (_pg_bin("initdb") and _pg_bin("pg_ctl")):
        message = "PostgreSQL is not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request, tmp_path):
    """A fresh database on each backend: a file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres").new_db()
