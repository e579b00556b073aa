"""What is not an event, and what is one though it looks like background."""

import pytest

from sitreps.pipeline import extract_events

from .conftest import make_article

NOT_EVENTS = [
    "The Pentagon plans to bring troops home after more than 17 years of fighting, "
    "officials said on Thursday.",
    '"Our forces uncovered a plan by the insurgents to attack Afghan forces," the governor said.',
    "Afghanistan has lately seen a sharp rise in Taliban car bomb attacks.",
    "Mourners gathered on Sunday to mark the anniversary of the bombing that killed 500 people.",
    "The militants vowed to attack army posts across the province.",
    "The home side's attack broke through in the 88th minute.",
    "A string of attacks on security forces has left more than 200 people dead this month.",
    "The civil war that has entered its fourth year has left thousands dead.",
    "Many residents were killed when they were caught between air strikes and snipers.",
    "Police detained the suspect two weeks after the attack.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(nlp, gazetteer, text):
    assert extract_events(make_article(text, published="2020-06-02"), nlp, gazetteer) == []


def test_talks_and_an_attack_in_one_sentence_are_two_events(nlp, gazetteer):
    article = make_article("Even as peace talks got under way in Moscow on Tuesday, Taliban "
                           "fighters stormed a police checkpoint in Baghlan province, killing "
                           "ten Afghan policemen, officials said.", published="2019-02-05")
    kinds = sorted((e["sub_event_type"], e["country"]) for e in extract_events(article, nlp, gazetteer))
    assert kinds == [("Armed clash", "AF"), ("Negotiations", "RU")]


def test_the_attack_named_again_is_the_same_event(nlp, gazetteer):
    article = make_article("A suicide bomber struck a police compound in Kandahar province on "
                           "Monday, killing six officers. Security forces then fought the "
                           "attackers in a gunbattle. The Taliban claimed the attack.",
                           published="2020-06-02")
    (event,) = extract_events(article, nlp, gazetteer)
    assert event["sub_event_type"] == "Suicide bomb" and event["actor1"] == "Taliban"
    assert any(c["responsibility"] for c in event["claims"])


def test_who_died_is_the_side_acted_upon(nlp, gazetteer):
    article = make_article("No fewer than thirteen police officers died when Taliban fighters "
                           "struck a security post in Kunduz province before dawn on Sunday, "
                           "officials said.", published="2017-10-29")
    (event,) = extract_events(article, nlp, gazetteer)
    assert (event["event_type"], event["actor1"], event["actor2"]) == \
        ("Battles", "Taliban", "Police Forces of Afghanistan")
    assert event["fatalities"]["best"] == 13 and event["date_start"] == "2017-10-29"


def test_a_raid_that_carries_off_students_is_an_abduction(nlp, gazetteer):
    article = make_article("Many students were carried off on Friday when gunmen raided a "
                           "boarding school in Katsina State, police said.",
                           published="2020-12-12")
    (event,) = extract_events(article, nlp, gazetteer)
    assert event["sub_event_type"] == "Abduction/forced disappearance"
    assert event["date_start"] == "2020-12-11" and event["country"] == "NG"


def test_a_statistic_lends_no_toll_to_the_attack_before_it(nlp, gazetteer):
    article = make_article("A roadside bomb killed three civilians in Nangarhar province on "
                           "Monday, officials said. During the first six months of the year, "
                           "the United Nations reported 1,366 civilians killed.",
                           published="2019-09-17")
    (event,) = extract_events(article, nlp, gazetteer)
    assert event["fatalities"]["best"] == 3
    assert all("1,366" not in e["text"] for e in event["evidence"])
