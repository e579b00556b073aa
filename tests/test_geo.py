"""Gazetteer and toponym resolution: spelling variants, context, imports."""

import pytest
from typer.testing import CliRunner

from sitreps.attach.places import Toponym
from sitreps.cli import app
from sitreps.pipeline import extract_events
from sitreps.resolve.gazetteer import Gazetteer
from sitreps.resolve.geocode import choose, place_from, resolve_toponyms

from .conftest import make_article


def best(gazetteer, name, hint=None, country="AF"):
    return choose(Toponym(name, 0, len(name), hint), gazetteer.lookup(name), country, set())


@pytest.mark.parametrize("name,code", [
    ("Sar-e Pul", "AF-SAR"), ("Sari Pul", "AF-SAR"), ("Sar-e-Pol", "AF-SAR"),
    ("Kunduz", "AF-KDZ"), ("Qunduz", "AF-KDZ"), ("Mazar-i-Sharif", "AF-BAL"),
    ("Mazar-e Sharif", "AF-BAL"), ("Helmand", "AF-HEL"), ("Hilmand", "AF-HEL")])
def test_spelling_variants(gazetteer, name, code):
    assert best(gazetteer, name).admin1_code == code


def test_kabul_the_city_and_kabul_the_province(gazetteer):
    assert best(gazetteer, "Kabul").kind == "city"
    assert best(gazetteer, "Kabul", hint="admin1").kind == "admin1"


def test_context_decides_ambiguous_names(gazetteer):
    assert best(gazetteer, "Doha", country="QA").country == "QA"
    assert best(gazetteer, "Hyderabad", country="PK").country == "PK"
    assert best(gazetteer, "Hyderabad", country="IN").country == "IN"


def test_district_of_province(gazetteer):
    text = "Ali Abad district of Kunduz province"
    toponyms = [Toponym("Ali Abad", 0, 8, "district"), Toponym("Kunduz", 21, 27, "admin1")]
    place = place_from(resolve_toponyms(toponyms, "AF", gazetteer), "AF")
    assert (place.admin1_code, place.admin2, place.precision) == ("AF-KDZ", "Ali Abad", 2)
    assert text  # the phrase the toponyms were taken from


def test_a_district_the_gazetteer_lacks_still_gives_province_and_district(nlp, gazetteer):
    article = make_article("Taliban fighters attacked a police checkpoint in the Qarabol Khas "
                           "district of Ghazni province on Monday night, killing six policemen, "
                           "officials said.", published="2020-06-02")
    (event,) = extract_events(article, nlp, gazetteer)
    assert (event["admin1_code"], event["admin2"], event["geo_precision"]) == \
        ("AF-GHA", "Qarabol Khas", 2)


def test_talks_abroad_are_placed_where_they_were_held(nlp, gazetteer):
    article = make_article("Taliban representatives began two days of talks in Moscow on "
                           "Tuesday with Afghan opposition politicians, officials said.",
                           published="2019-02-05")
    (event,) = extract_events(article, nlp, gazetteer)
    assert (event["sub_event_type"], event["country"]) == ("Negotiations", "RU")


def write_geonames(folder):
    """A tiny dump in GeoNames' format: one invented village and one invented valley."""
    row = lambda *c: "\t".join(str(x) for x in c) + "\n"
    (folder / "admin1CodesASCII.txt").write_text(row("AF.24", "Kunduz", "Kunduz", 1135690))
    (folder / "admin2Codes.txt").write_text(row("AF.24.1405", "Ali Abad", "Ali Abad", 7053312))
    (folder / "AF.txt").write_text(
        row(90000001, "Zarqalam", "Zarqalam", "Zarqalam Kalay,Zarkalam", 36.51, 68.91, "P", "PPL",
            "AF", "", "24", "1405", "", "", 800, "", 500, "Asia/Kabul", "2024-01-01")
        + row(90000002, "Dara-ye Zarqalam", "Dara-ye Zarqalam", "Zarqalam Valley", 36.55, 68.95,
              "T", "VAL", "AF", "", "24", "1405", "", "", 0, "", 700, "Asia/Kabul", "2024-01-01"))
    return [folder / n for n in ("AF.txt", "admin1CodesASCII.txt", "admin2Codes.txt")]


def test_geonames_import_adds_places_that_take_precedence(tmp_path, nlp, gazetteer):
    out = tmp_path / "imported.sqlite"
    result = CliRunner().invoke(app, ["gazetteer", "import", *map(str, write_geonames(tmp_path)),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 places imported" in result.output
    geo = Gazetteer(gazetteer.path, imported=out)
    (village,) = [r for r in geo.lookup("Zarqalam Kalay") if r.imported]
    assert (village.kind, village.admin1_code, village.admin2) == ("city", "AF-KDZ", "Ali Abad")
    assert geo.lookup("Zarqalam")[0].imported
    article = make_article("Taliban fighters stormed a police post in Zarqalam village of Kunduz "
                           "province on Monday night, killing four policemen, officials said.")
    (event,) = extract_events(article, nlp, geo)
    assert (event["location"], event["admin2"], event["geo_precision"]) == \
        ("Zarqalam", "Ali Abad", 1)
    assert (event["latitude"], event["longitude"]) == (36.51, 68.91)


def test_import_rejects_a_file_that_is_not_geonames(tmp_path):
    bad = tmp_path / "AF.txt"
    bad.write_text("just some text\n")
    result = CliRunner().invoke(app, ["gazetteer", "import", str(bad), "--out",
                                      str(tmp_path / "x.sqlite")])
    assert result.exit_code == 2 and "not a GeoNames line" in result.output
