"""`sitreps gazetteer import`: full GeoNames dumps into an index that takes precedence.

Reads feature files in GeoNames' format (allCountries.txt or a country file such as AF.txt:
19 tab-separated columns), and admin1CodesASCII.txt / admin2Codes.txt when given, so that
villages, valleys, bases and districts the embedded index lacks can be found, each with its
province (ISO 3166-2, through the embedded index) and district.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import GazetteerError
from .gazetteer import Gazetteer, IndexWriter, imported_path

ADMIN1_FILE, ADMIN2_FILE = "admin1codesascii.txt", "admin2codes.txt"


def _codes(path: Path) -> dict[str, str]:
    """'AF.24' -> 'Kunduz' from an admin1 or admin2 code file."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                out[cols[0]] = cols[1]
    return out


def _kind(fclass: str, fcode: str) -> str | None:
    if fclass == "A":
        return {"ADM1": "admin1", "ADM2": "admin2", "PCLI": "country"}.get(fcode)
    if fclass == "P":
        return "city"
    return "feature"  # valleys, mountains, bases, bridges ...


def import_geonames(files: list[Path], out: Path | None = None, embedded: Gazetteer | None = None,
                    on_line: Callable[[], None] | None = None) -> int:
    """Build the imported index from the given files; returns how many places it holds."""
    out = Path(out) if out else imported_path()
    embedded = embedded or Gazetteer(with_imported=False)
    by_name = {f.name.lower(): f for f in files}
    admin1 = _codes(by_name.pop(ADMIN1_FILE)) if ADMIN1_FILE in by_name else {}
    admin2 = _codes(by_name.pop(ADMIN2_FILE)) if ADMIN2_FILE in by_name else {}
    if not by_name:
        raise GazetteerError("no GeoNames feature file given",
                             "give allCountries.txt or a country file such as AF.txt")
    iso_cache: dict[str, tuple[str | None, str | None]] = {}

    def province(gn: str) -> tuple[str | None, str | None]:
        if gn not in iso_cache:
            record = embedded.admin1_by_gn(gn)
            iso_cache[gn] = (record.admin1_code if record else None,
                             admin1.get(gn) or (record.name if record else None))
        return iso_cache[gn]

    index = IndexWriter(out)
    for path in by_name.values():
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 15:
                    index.db.close()
                    raise GazetteerError(f"{path}:{n}: not a GeoNames line ({len(cols)} columns)",
                                         "give files in GeoNames' dump format")
                kind = _kind(cols[6], cols[7])
                if kind is None:
                    continue
                country, a1, a2 = cols[8], cols[10], cols[11]
                code, a1_name = province(f"{country}.{a1}") if a1 else (None, None)
                a2_name = admin2.get(f"{country}.{a1}.{a2}") if a2 else None
                if kind == "admin2":
                    a2_name = cols[1]
                gn = f"{country}.{a1}" if kind == "admin1" else (
                    f"{country}.{a1}.{a2}" if kind == "admin2" else None)
                index.add(kind, cols[1], country, code, a1_name, a2_name, float(cols[4]),
                          float(cols[5]), int(cols[14] or 0),
                          [cols[2], *[a for a in cols[3].split(",") if a]], gn)
                if on_line:
                    on_line()
    index.close()
    return index.count
