import datetime as dt

from hypothesis import given, strategies as st

from sitreps.attach.dates import WEEKDAYS, resolve_date

TUESDAY = dt.date(2019, 10, 22)


def test_weekdays_point_back():
    assert resolve_date("late on Monday night", TUESDAY) == (dt.date(2019, 10, 21),) * 2 + (1,)
    assert resolve_date("on Tuesday", TUESDAY)[0] == TUESDAY
    assert resolve_date("on Wednesday", TUESDAY)[0] == dt.date(2019, 10, 16)


def test_relative_and_calendar_dates():
    assert resolve_date("yesterday", TUESDAY)[0] == dt.date(2019, 10, 21)
    assert resolve_date("on October 3", TUESDAY)[0] == dt.date(2019, 10, 3)
    assert resolve_date("on 28 December", TUESDAY)[0] == dt.date(2018, 12, 28)
    assert resolve_date("on Oct. 21, 2019", None)[0] == dt.date(2019, 10, 21)
    start, end, precision = resolve_date("last month", TUESDAY)
    assert (start, end, precision) == (dt.date(2019, 9, 1), dt.date(2019, 9, 30), 3)
    assert resolve_date("they may 5 times", TUESDAY) is None
    # "last May" is the latest May before this month; "during the night" the night before
    assert resolve_date("Last May a drone strike", dt.date(2018, 4, 2))[:2] == \
        (dt.date(2017, 5, 1), dt.date(2017, 5, 31))
    assert resolve_date("last March", dt.date(2018, 4, 2))[0] == dt.date(2018, 3, 1)
    assert resolve_date("the last may be", TUESDAY) is None
    assert resolve_date("hit during the night", TUESDAY)[0] == dt.date(2019, 10, 21)
    assert resolve_date("no date here", TUESDAY) is None


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.sampled_from(WEEKDAYS))
def test_weekday_is_within_the_week_before_publication(published, day):
    start, end, precision = resolve_date(f"on {day.title()}", published)
    assert start == end and precision == 1
    assert 0 <= (published - start).days <= 6
    assert WEEKDAYS[start.weekday()] == day


@given(st.text(max_size=200), st.dates())
def test_never_raises(text, published):
    result = resolve_date(text, published)
    assert result is None or result[0] <= result[1]


def test_the_day_of_the_report_is_not_the_day_of_the_incident(nlp, gazetteer):
    from sitreps.pipeline import extract_events

    from .conftest import make_article
    article = make_article("Officials said on Thursday that gunmen killed five villagers in "
                           "Zamfara state, Nigeria, late on Tuesday night.",
                           published="2021-02-04")
    (event,) = extract_events(article, nlp, gazetteer)
    assert event["date_start"] == "2021-02-02"
