from hypothesis import given, strategies as st

from sitreps.attach.casualties import find_casualties
from sitreps.attach.numbers import parse_figure, parse_number
from sitreps.models import Figure


def test_words_and_digits():
    assert parse_number("19") == 19
    assert parse_number("1,200") == 1200
    assert parse_number("nineteen") == 19
    assert parse_number("twenty-five") == 25
    assert parse_number("two hundred and five") == 205
    assert parse_number("soldiers") is None


def test_qualifiers_follow_the_schema():
    assert parse_figure("8") == Figure(8, 8, 8)
    assert parse_figure("at least 19") == Figure(19, 19, None)
    assert parse_figure("more than 30") == Figure(30, 30, None)
    assert parse_figure("up to 10") == Figure(None, 10, 10)
    assert parse_figure("nearly 10") == Figure(None, 10, 10)
    assert parse_figure("dozens of") == Figure(24, 24, None)
    assert parse_figure("several") == Figure(3, 3, None)
    assert parse_figure("scores of") == Figure(40, 40, None)
    assert parse_figure("hundreds of") == Figure(200, 200, None)
    assert parse_figure("heavy") is None


@given(st.integers(min_value=0, max_value=10**7))
def test_digits_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.sampled_from(["at least", "more than", "no fewer than"]), st.integers(1, 5000))
def test_floors_have_no_ceiling(q, n):
    assert parse_figure(f"{q} {n}") == Figure(n, n, None)


def test_casualties_in_sentences():
    found = find_casualties("The blast killed at least 19 people and wounded 31 others.")
    assert [(c.kind, c.figure.best, c.figure.high) for c in found] == \
        [("killed", 19, None), ("injured", 31, 31)]
    found = find_casualties("Besides the 15 dead, two more officers suffered wounds, he said.")
    assert [(c.kind, c.figure.best) for c in found] == [("killed", 15), ("injured", 2)]
    assert find_casualties("dozens killed or injured") == []
    assert find_casualties("the 200 km road through 3 districts") == []
    assert find_casualties("In 2015 the city fell.") == []


@given(st.text(max_size=300))
def test_casualties_never_raise(text):
    for c in find_casualties(text):
        assert c.kind in ("killed", "injured")


def test_who_killed_is_not_how_many_died():
    found = find_casualties("Two suicide bombers killed 32 people and wounded 110 in a market.")
    assert [(c.kind, c.figure.best) for c in found] == [("killed", 32), ("injured", 110)]


def test_a_toll_told_in_parts_is_summed_and_a_combined_one_is_not_a_toll():
    (c,) = find_casualties("Seven women and two children were killed.")
    assert (c.kind, c.figure) == ("killed", Figure(9, 9, 9))
    # "among the dead" counts some of the dead, not all of them
    assert find_casualties("Seven women and two children were among the dead.") == []
    (c,) = find_casualties("A checkpoint attack martyred four officials.")
    assert (c.kind, c.figure.best) == ("killed", 4)
    assert find_casualties('The hospital took in "dozens of dead and wounded," it said.') == []
