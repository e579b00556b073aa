"""Toponym resolution in context.

The article's country comes from its country words ('Afghan officials', 'KABUL') and from
provinces and districts it names; each name is then read as the candidate that fits best:
in that country, inside a province the article names, the kind the text says ('province',
'district'), then the most populous.
"""

from __future__ import annotations

from collections import Counter

from unidecode import unidecode

from ..attach.places import Toponym
from ..data import country_words
from ..models import Place
from .gazetteer import Gazetteer, GeoRecord


def article_country(text: str, toponyms: list[Toponym], gazetteer: Gazetteer) -> str | None:
    """The country an article is about."""
    score: Counter = Counter()
    for pattern, code in country_words():
        score[code] += len(pattern.findall(text))
    if score.get("US"):
        score["US"] *= 0.5  # US forces and envoys appear in reports of other countries' wars
    for t in toponyms:
        records = [r for r in gazetteer.lookup(t.text, loose=False)
                   if r.kind in ("admin1", "admin2") or r.population > 50000]
        codes = {r.country for r in records}
        for code in codes:
            score[code] += 1.5 / len(codes)
    if not score:
        return None
    code, value = score.most_common(1)[0]
    return code if value > 0 else None


def choose(t: Toponym, candidates: list[GeoRecord], country: str | None,
           provinces: set[str]) -> GeoRecord | None:
    if not candidates:
        return None

    def rank(r: GeoRecord):
        fits_kind = (t.hint == "admin1" and r.kind == "admin1") or \
                    (t.hint == "local" and r.kind in ("admin2", "city"))
        return (
            r.country == country,
            fits_kind,
            t.hint is None and r.kind in ("admin1", "country"),
            r.admin1_code in provinces and r.kind != "admin1",
            r.kind == "admin2",
            r.population,
        )
    return max(candidates, key=rank)


def resolve_toponyms(toponyms: list[Toponym], country: str | None,
                     gazetteer: Gazetteer) -> list[tuple[Toponym, GeoRecord]]:
    """Each toponym with its best reading; those the gazetteer lacks are dropped."""
    first = [(t, choose(t, gazetteer.lookup(t.text), country, set())) for t in toponyms]
    provinces = {r.admin1_code for _, r in first if r and r.kind == "admin1" and
                 r.country == country}
    out = []
    for t, _ in first:
        r = choose(t, gazetteer.lookup(t.text), country, provinces)
        if r is not None:
            out.append((t, r))
    return out


def place_from(resolved: list[tuple[Toponym, GeoRecord]], country: str | None,
               gazetteer: Gazetteer, prefer_abroad: bool = False) -> Place | None:
    """The most specific place among resolved names, kept inside any province named with it."""
    if not resolved:
        return None
    local = [(t, r) for t, r in resolved if r.kind != "country"]
    if not prefer_abroad:
        home = [(t, r) for t, r in local if r.country == country]
        local = home or ([] if country else local)
    if not local:
        return None
    provinces = [r for _, r in local if r.kind == "admin1"]
    specific = [(t, r) for t, r in local if r.kind in ("admin2", "city")]
    if provinces:
        inside = [(t, r) for t, r in specific if r.admin1_code == provinces[0].admin1_code]
        specific = inside
    if specific:
        t, r = specific[0]
        admin2 = r.admin2 if r.kind == "admin2" else (t.text if t.hint == "local" and
                                                      "district" in t.text.lower() else None)
        if r.kind == "admin2":
            admin2 = t.text
        precision = 1 if r.kind == "city" else 2
        name = plain_name(r.name) if t.text.isupper() else t.text  # a dateline's "DOHA"
        return Place(name=name, country=r.country, admin1=plain_name(r.admin1),
                     admin1_code=r.admin1_code,
                     admin2=admin2, latitude=r.latitude, longitude=r.longitude,
                     precision=precision)
    r = provinces[0]
    return Place(name=plain_name(r.name), country=r.country, admin1=plain_name(r.admin1),
                 admin1_code=r.admin1_code, latitude=r.latitude, longitude=r.longitude,
                 precision=3)


def plain_name(name: str | None) -> str | None:
    """'Nangarhār' -> 'Nangarhar': the spelling analysts type."""
    return unidecode(name) if name else None
