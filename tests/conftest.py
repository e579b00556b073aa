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
