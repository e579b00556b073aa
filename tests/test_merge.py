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


REPORTS = [
    ("wire-a", "2021-03-02", "Taliban fighters stormed a police checkpoint in the Char Bolak "
     "district of Balkh province on Monday night, killing seven policemen, officials said."),
    ("wire-b", "2021-03-02", "At least nine police officers were killed when Taliban insurgents "
     "attacked a checkpoint in Char Bolak district in northern Balkh province late Monday, "
     "a provincial council member said."),
    ("wire-c", "2021-03-03", "The toll from Monday's Taliban attack on a police checkpoint in "
     "Balkh's Char Bolak district rose to 11, provincial police spokesman Adil Shah said on "
     "Wednesday."),
    ("wire-d", "2021-03-02", "A roadside bomb struck a minibus in Kandahar province on Tuesday, "
     "killing four civilians, police said."),
]


def _ingest_one_by_one(db, tmp_path, order):
    from sitreps.pipeline import ingest
    from sitreps.store import Store
    import json
    store = Store(db)
    for n, i in enumerate(order):
        aid, published, text = REPORTS[i]
        f = tmp_path / f"{db.rsplit('/', 1)[-1]}-{n}.jsonl"
        f.write_text(json.dumps({"id": aid, "published": published, "text": text}) + "\n")
        ingest([str(f)], store)
    return store


def test_incremental_merge_gives_what_a_whole_ingest_gives(tmp_path):
    one = _ingest_one_by_one(str(tmp_path / "one.db"), tmp_path, [0, 3, 1, 2])
    together = _ingest_one_by_one(str(tmp_path / "all.db"), tmp_path, [])
    import json
    f = tmp_path / "all.jsonl"
    f.write_text("".join(json.dumps({"id": a, "published": p, "text": t}) + "\n"
                         for a, p, t in REPORTS))
    from sitreps.pipeline import ingest
    ingest([str(f)], together)
    shape = lambda store: sorted((tuple(e["article_ids"]), e["event_type"]) for e in store.events())
    assert shape(one) == shape(together)
    assert (("wire-a", "wire-b", "wire-c"), "Battles") in shape(one)
    (bomb,) = [e for e in one.events() if e["article_ids"] == ["wire-d"]]
    assert bomb["sub_event_type"] == "Remote explosive/landmine/IED"


def _ingest_texts(db, tmp_path, rows):
    import json
    from sitreps.pipeline import ingest
    from sitreps.store import Store
    f = tmp_path / "rows.jsonl"
    f.write_text("".join(json.dumps({"id": a, "published": p, "text": t}) + "\n"
                         for a, p, t in rows))
    store = Store(db)
    ingest([str(f)], store)
    return store.events()


def test_a_later_toll_from_the_same_source_replaces_the_earlier_one(tmp_path):
    events = _ingest_texts(str(tmp_path / "t.db"), tmp_path, [
        ("day-1", "2021-05-11", "Taliban fighters attacked a police checkpoint in the Nahr-e Saraj "
         "district of Helmand province on Monday night, killing seven policemen, provincial "
         "police spokesman Zaman Hamdard said."),
        ("day-2", "2021-05-12", "The toll from Monday night's Taliban attack on a checkpoint in "
         "Nahr-e Saraj district of Helmand province rose to 12 policemen killed, provincial police "
         "spokesman Zaman Hamdard said on Wednesday.")])
    (event,) = events
    assert event["article_ids"] == ["day-1", "day-2"]
    assert event["fatalities"]["best"] == 12
    assert sorted(c["killed"]["best"] for c in event["claims"] if c["killed"]) == [7, 12]


def test_within_one_article_an_update_leads(tmp_path):
    (event,) = _ingest_texts(str(tmp_path / "u.db"), tmp_path, [
        ("one", "2021-05-11", "A roadside bomb struck a bus in Kandahar province on Tuesday, "
         "killing five civilians, police said. The death toll later rose to nine, "
         "officials said.")])
    assert event["fatalities"]["best"] == 9
