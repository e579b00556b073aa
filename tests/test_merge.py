import datetime as dt

from sitreps.merge import merge_mentions
from sitreps.models import Actor, Figure, Mention, Place

DAY = dt.date(2019, 10, 21)


def mention(article, district, day=DAY, killed=None, id=None):
    return Mention(article_id=article, event_type="Battles", sub_event_type="Armed clash",
                   actor1=Actor("Taliban", "rebel"), actor2=Actor("Police Forces of Afghanistan", "state"),
                   place=Place(name=district, country="AF", admin1="Kunduz", admin1_code="AF-KDZ",
                               admin2=district, precision=2),
                   date_start=day, date_end=day, time_precision=1,
                   fatalities=Figure(killed, killed, None) if killed else None,
                   id=id or f"m-{article}-{district}")


def test_reports_of_one_attack_become_one_event_with_every_source():
    events = merge_mentions([mention("voa", "Ali Abad", killed=17),
                             mention("ap", "Ali Abad", killed=15),
                             mention("sputnik", "Aliabad", day=DAY + dt.timedelta(days=1), killed=19)])
    assert len(events) == 1
    (event,) = events
    assert event.article_ids == ["ap", "sputnik", "voa"]
    assert event.fatalities.best == 15  # the most conservative report
    assert event.merge_reasons and "AF-KDZ" in event.merge_reasons[0]


def test_two_districts_on_one_night_stay_apart():
    events = merge_mentions([mention("a", "Ali Abad"), mention("b", "Khan Abad")])
    assert len(events) == 2


def test_a_week_apart_stays_apart_and_one_article_is_never_merged_with_itself():
    assert len(merge_mentions([mention("a", "Ali Abad"),
                               mention("b", "Ali Abad", day=DAY + dt.timedelta(days=7))])) == 2
    assert len(merge_mentions([mention("a", "Ali Abad", id="m1"),
                               mention("a", "Ali Abad", id="m2")])) == 2
