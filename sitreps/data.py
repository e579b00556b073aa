"""Loads the data files under sitreps/data once, and checks their shape on load."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from .errors import SitrepsError


def load_yaml(name: str):
    path = resources.files("sitreps") / "data" / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SitrepsError(f"data file {name} cannot be read: {exc}",
                           "reinstall sitreps or fix the file") from None


def compile_patterns(patterns: list[str], where: str) -> re.Pattern:
    try:
        return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
    except re.error as exc:
        raise SitrepsError(f"data file {where}: bad pattern ({exc})", "fix the pattern") from None


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    data = load_yaml("countries.yaml")
    for code, entry in data.items():
        if not isinstance(entry, dict) or "name" not in entry or "words" not in entry:
            raise SitrepsError(f"data file countries.yaml: {code} needs 'name' and 'words'",
                               "fix the file")
    return data


@lru_cache(maxsize=1)
def country_word_codes() -> dict[str, str]:
    """Every country word ('Afghan', 'U.S.', 'Kenya') -> its ISO code."""
    return {w: code for code, e in countries().items() for w in e["words"]}


@lru_cache(maxsize=1)
def country_words_re() -> re.Pattern:
    """One pattern for every country word, longest first. Case-sensitive: "US" is the
    country, "us" the pronoun."""
    words = sorted(country_word_codes(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")


def country_name(code: str | None, with_the: bool = False) -> str:
    if not code:
        return "Unknown"
    entry = countries().get(code.upper())
    if entry is None:
        import pycountry
        found = pycountry.countries.get(alpha_2=code.upper())
        return getattr(found, "common_name", None) or (found.name if found else code)
    return ("the " if with_the and entry.get("the") else "") + entry["name"]
