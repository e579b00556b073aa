"""Whole-article extraction on short texts written for these tests, against reviewed golden
JSON. Regenerate with SITREPS_UPDATE_GOLDEN=1 and review the diff."""

import json
from pathlib import Path

import pytest

from sitreps.models import Article
from sitreps.pipeline import extract_events
from sitreps.read import read_sources

from .conftest import HERE, update_golden

TEXTS = sorted((HERE / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_extraction_matches_golden(path: Path, nlp, gazetteer):
    (article,) = [a for a in read_sources([str(path)]) if isinstance(a, Article)]
    events = extract_events(article, nlp, gazetteer)
    golden = HERE / "golden" / f"{path.stem}.json"
    if update_golden() or not golden.exists():
        golden.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n")
    assert events == json.loads(golden.read_text())


def test_goldens_say_what_the_texts_report():
    """The reviewed facts, stated once more so that a careless regeneration shows up."""
    load = lambda name: json.loads((HERE / "golden" / f"{name}.json").read_text())
    (attack,) = load("checkpoint_attack")
    assert (attack["event_type"], attack["actor1"], attack["actor2"]) == \
        ("Battles", "Taliban", "Police Forces of Afghanistan")
    assert attack["admin1_code"] == "AF-BGL" and attack["date_start"] == "2020-03-09"
    assert attack["fatalities"] == {"low": 9, "best": 9, "high": None}
    assert any(c["responsibility"] for c in attack["claims"])
    (strike,) = load("airstrike")
    assert strike["sub_event_type"] == "Air/drone strike" and strike["admin2"] == "Chahar Dara"
    assert strike["actor1"] == "Military Forces of Afghanistan"
    (bombing,) = load("market_bombing")
    assert bombing["sub_event_type"] == "Suicide bomb" and bombing["country"] == "NG"
    assert bombing["injured"]["best"] == 15
    (talks,) = load("talks")
    assert talks["sub_event_type"] == "Negotiations" and talks["country"] == "QA"
    (kidnap,) = load("kidnapping")
    assert kidnap["sub_event_type"] == "Abduction/forced disappearance"
    assert load("statistics") == [] and load("football") == []


def test_evidence_offsets_point_into_the_text(nlp, gazetteer):
    for path in TEXTS:
        (article,) = [a for a in read_sources([str(path)]) if isinstance(a, Article)]
        for event in extract_events(article, nlp, gazetteer):
            for ev in event["evidence"]:
                assert article.text[ev["start"]:ev["end"]].strip() == ev["text"]
