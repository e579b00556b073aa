"""Toponym resolution in context.

The article's country comes from its country words ('Afghan officials', 'KABUL') and from
provinces and districts it names; each name is then read as the candidate that fits best:
in that country, inside a province the article names, the kind the text says ('province',
'district'), then the most populous.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from unidecode import unidecode

from ..attach.places import Toponym
from ..data import country_word_codes, country_words_re
from ..models import Place
from .gazetteer import Gazetteer, GeoRecord, name_key


def named_countries(text: str) -> Counter:
    """How often an article names each country or implies it by an adjective ('Syrian')."""
    counts: Counter = Counter()
    for m in country_words_re().finditer(text):
        counts[country_word_codes()[m.group(0)]] += 1
    return counts


def article_country(named: Counter, toponyms: list[Toponym], gazetteer: Gazetteer) -> str | None:
    """The country an article is about, from its country words and the places it names."""
    score: Counter = Counter(named)
    if score.get("US"):
        score["US"] *= 0.5  # US forces and envoys appear in reports of other countries' wars
    for t in toponyms:
        records = [r for r in gazetteer.lookup(t.text)
                   if r.exact and (r.kind in ("admin1", "admin2") or r.population > 50000)]
        codes = {r.country for r in records}
        for code in sorted(codes):
            score[code] += 1.5 / len(codes)
    if not score:
        return None
    code, value = score.most_common(1)[0]
    return code if value > 0 else None


FITS = {"admin1": {"admin1"}, "district": {"admin2"}, "town": {"city"},
        "area": {"feature", "city", "admin2"}}
BIG_CITY = 1_000_000  # "Kabul", "Baghdad": the city, unless the text says province


def choose(t: Toponym, candidates: list[GeoRecord], country: str | None,
           provinces: set[str]) -> GeoRecord | None:
    if not candidates:
        return None
    big_city = t.hint is None and any(
        c.kind == "city" and c.population >= BIG_CITY and c.exact and c.country == country
        for c in candidates)

    def rank(r: GeoRecord):
        wide = r.kind in ("admin1", "country")
        return (
            r.country == country,
            r.kind in FITS.get(t.hint, ()),
            r.exact,
            (r.kind == "city") if big_city else (t.hint is None and wide),
            r.admin1_code in provinces and not wide,
            r.imported,
            r.kind == "admin2",
            r.population,
        )
    return max(candidates, key=rank)


def resolve_toponyms(toponyms: list[Toponym], country: str | None,
                     gazetteer: Gazetteer) -> list[tuple[Toponym, GeoRecord | None]]:
    """Each toponym with its best reading, or None where the gazetteer lacks it."""
    first = [(t, choose(t, gazetteer.lookup(t.text), country, set())) for t in toponyms]
    provinces = {r.admin1_code for _, r in first if r and r.kind == "admin1" and
                 r.country == country}
    out = []
    for t, _ in first:
        candidates = gazetteer.lookup(t.text)
        r = choose(t, candidates, country, provinces)
        if r is not None and r.kind == "city" and r.admin2 is None and r.population < BIG_CITY:
            # A town that shares its name with its district lies in that district
            # (a big city spans several, so it gets none).
            district = next((c for c in candidates if c.kind == "admin2" and c.exact
                             and c.admin1_code == r.admin1_code), None)
            if district:
                r = replace(r, admin2=district.name)
        out.append((t, r))
    return out


def place_from(resolved: list[tuple[Toponym, GeoRecord | None]], country: str | None,
               prefer_abroad: bool = False, named=frozenset()) -> Place | None:
    """The most specific place among the names, kept inside any province named with them.

    Places abroad count for talks (`prefer_abroad`), and otherwise only as provinces or
    districts of a country the article names (`named`).

    A district the gazetteer lacks still names the district, inside the province named.
    """
    local = [(t, r) for t, r in resolved if r is not None and r.kind != "country"]
    if not prefer_abroad and country:
        home = [(t, r) for t, r in local if r.country == country]
        # A province or district named abroad is where it happened; a city may be a byword
        # for its government ("Ankara says").
        local = home or [(t, r) for t, r in local
                         if r.country in named and r.exact
                         and (r.kind in ("admin1", "admin2") or t.hint in ("admin1", "district"))]
    if not local:
        abroad = [r for t, r in sorted(resolved, key=lambda tr: not tr[0].after_in)
                  if prefer_abroad and r is not None and r.kind == "country"
                  and r.country != country]
        if abroad:  # "talks in Qatar": held in its capital, as far as anyone says
            r = abroad[0]
            return Place(name=r.name, country=r.country, admin1=plain_name(r.admin1),
                         admin1_code=r.admin1_code, latitude=r.latitude, longitude=r.longitude,
                         precision=3)
        return None
    provinces = [r for _, r in local if r.kind == "admin1"]
    specific = [(t, r) for t, r in local if r.kind != "admin1"]
    if provinces:
        province = provinces[0]
        specific = [(t, r) for t, r in specific if r.admin1_code == province.admin1_code]
        # "Kunduz" beside "Kunduz province" is the province again, unless nothing else is named
        others = [(t, r) for t, r in specific if name_key(r.name) != name_key(province.name)]
        specific = others or specific
    # What the text calls a district or a village beats a bare name.
    specific.sort(key=lambda tr: tr[0].hint not in ("district", "town", "area"))
    if specific:
        t, r = specific[0]
        name = plain_name(r.name) if t.text.isupper() else t.text  # a dateline's "DOHA"
        return Place(name=name, country=r.country, admin1=plain_name(r.admin1),
                     admin1_code=r.admin1_code,
                     admin2=t.text if r.kind == "admin2" else plain_name(r.admin2),
                     latitude=r.latitude, longitude=r.longitude,
                     precision=1 if r.kind == "city" else 2)
    r = provinces[0]
    unknown = [t for t, rec in resolved if rec is None and t.hint == "district"]
    if unknown:
        return Place(name=unknown[0].text, country=r.country, admin1=plain_name(r.admin1),
                     admin1_code=r.admin1_code, admin2=unknown[0].text, latitude=r.latitude,
                     longitude=r.longitude, precision=2)
    return Place(name=plain_name(r.name), country=r.country, admin1=plain_name(r.admin1),
                 admin1_code=r.admin1_code, latitude=r.latitude, longitude=r.longitude,
                 precision=3)


def plain_name(name: str | None) -> str | None:
    """'Nangarhār' -> 'Nangarhar': the spelling analysts type."""
    return unidecode(name) if name else None
