"""Extraction in worker processes and on a real Dask LocalCluster gives what one process
gives, in the same order, and the database stays single-writer."""

import pytest

from sitreps.export import dumps
from sitreps.pipeline import ingest
from sitreps.store import Store

from .conftest import HERE


def export(db, **options) -> str:
    store = Store(db)
    summary = ingest([str(HERE / "texts")], store, **options)
    assert summary.added == 7 and summary.failed == 0
    text = dumps(store.events(), "jsonl", store.article_meta())
    store.close()
    return text


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    return export(str(tmp_path_factory.mktemp("one") / "one.db"))


def test_two_worker_processes_give_the_same_events(one_process, tmp_path):
    assert export(str(tmp_path / "two.db"), workers=2) == one_process


def test_a_dask_local_cluster_gives_the_same_events(one_process, tmp_path):
    pytest.importorskip("dask.distributed")
    assert export(str(tmp_path / "dask.db"), dask="local", workers=2) == one_process


def test_re_ingest_with_workers_adds_nothing(tmp_path):
    db = str(tmp_path / "again.db")
    export(db, workers=2)
    store = Store(db)
    again = ingest([str(HERE / "texts")], store, workers=2)
    assert (again.added, again.duplicates) == (0, 7)
    assert store.count("articles") == 7
