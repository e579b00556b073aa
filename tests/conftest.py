import datetime as dt
import os
from pathlib import Path

import pytest

from sitreps.models import Article

from .pgserver import PostgresServer, installed

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


# PostgreSQL, for the tests marked `postgres` --------------------------------------------
@pytest.fixture(scope="session")
def postgres():
    """The server, started once per test session. Outside CI, tests that need it are
    skipped when PostgreSQL is not installed; in CI they fail (`make test` installs it)."""
    if not installed():
        message = "PostgreSQL is not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer({"fsync": "off"})  # tests need no durability
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request, tmp_path):
    """A fresh database on each backend: a file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres").new_db()
