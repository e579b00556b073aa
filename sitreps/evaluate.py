"""Scoring against a gold set with the benchmark's own score.py (see SCHEMA.md).

The scorer is found beside the gold file or one folder up (../shared/benchmarks/score.py for
the shared sets), or given with --scorer; it is loaded as a module and called directly.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path

from .errors import ScoreError
from .export import write
from .pipeline import ingest
from .store import Store


def find_scorer(gold: Path, scorer: Path | None = None) -> Path:
    candidates = [scorer] if scorer else [gold.parent / "score.py", gold.parent.parent / "score.py"]
    for path in candidates:
        if path and path.exists():
            return path
    raise ScoreError(f"no score.py found near {gold}",
                     "pass --scorer PATH (the benchmarks' score.py)")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("sitreps_benchmark_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(articles: Path, gold: Path, scorer: Path | None = None, workdir: Path | None = None,
             nlp=None, gazetteer=None, merge: bool = True,
             screened: bool = True) -> tuple[dict, Path]:
    """Ingest the articles into a fresh database, export them and score the export.

    Returns the scores and the path of the exported events.
    """
    module = load_scorer(find_scorer(gold, scorer))
    workdir = Path(workdir or tempfile.mkdtemp(prefix="sitreps-eval-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "eval.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = Store(db)
    try:
        ingest([str(articles)], store, nlp=nlp, gazetteer=gazetteer, merge=merge,
               screened=screened)
        records = store.events()
    finally:
        store.close()
    pred = workdir / "events.jsonl"
    with open(pred, "w", encoding="utf-8") as fh:
        write(records, "jsonl", fh)
    article_ids = [json.loads(line)["id"] for line in open(articles, encoding="utf-8")
                   if line.strip()]
    result = module.score(module.load_jsonl(str(gold)), module.load_jsonl(str(pred)), article_ids)
    return result, pred
