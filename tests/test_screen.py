"""The screen blanks what cannot report an incident and keeps every offset."""

from hypothesis import given, strategies as st

from sitreps.export import event_record
from sitreps.merge import merge_mentions
from sitreps.pipeline import extract_article, extract_events
from sitreps.screen import screen

from .conftest import make_article

REPORT = ("KABUL - Officials said on Tuesday that the weather was mild. Schools reopened. "
          "Markets were busy.\n\nTaliban fighters attacked a police checkpoint in Kunduz "
          "province on Monday night. Nine policemen were killed, a spokesman said. "
          "The attackers fled. Later a minister visited. Trade talks about wheat stalled. "
          "The festival drew crowds. Music played late.")


def test_keeps_the_incident_its_neighbours_and_the_opening():
    masked = screen(REPORT)
    assert len(masked) == len(REPORT)
    for kept in ("KABUL - Officials said", "Taliban fighters attacked", "Nine policemen were "
                 "killed", "The attackers fled."):
        assert kept in masked
    assert "festival" not in masked and "Music played" not in masked
    assert all(m == c or m == " " for m, c in zip(masked, REPORT))


def test_nothing_to_report_is_not_parsed():
    assert screen("The film opens on Friday. Critics loved the cast.") is None
    assert screen("More than 28,000 Afghan forces have been killed since 2015.") is None
    # a bare "attack" with nobody armed and no toll cannot become an event
    assert screen("The home side's attack broke through late. Fans cheered.") is None
    assert screen("He called the massacre an attack on humanity.") is None
    assert screen("The militants vowed to attack army posts.") is None
    assert screen("Gunmen attacked a checkpoint on Monday.") is not None
    assert screen("The attack on the market killed nine people.") is not None


def test_screened_extraction_finds_the_same_event(nlp, gazetteer):
    article = make_article(REPORT, published="2020-03-10")
    screened = extract_events(article, nlp, gazetteer)
    full = [event_record(e) for e in
            merge_mentions(extract_article(article, nlp, gazetteer, screened=False))]
    assert screened == full and len(screened) == 1
    assert screened[0]["fatalities"]["best"] == 9
    (evidence,) = [e for e in screened[0]["evidence"] if "Taliban" in e["text"]]
    assert REPORT[evidence["start"]:evidence["end"]] == evidence["text"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_offsets_never_move(text):
    masked = screen(text)
    assert masked is None or (len(masked) == len(text) and
                              all(m == c or m == " " for m, c in zip(masked, text)))
