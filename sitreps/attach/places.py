"""Place names in a text: named entities and the patterns news uses for provinces and districts
('Ali Abad district of Kunduz province', "Kunduz's Ali Abad district", 'in northern Baghlan')."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = r"[A-Z][\w'‘’`-]+(?:[ -](?:e|i|ul|al|[A-Z][\w'‘’`-]+))*"
HINTED = [
    (re.compile(rf"\b({NAME})\s+(province|state|governorate|region|prefecture)\b"), "admin1"),
    (re.compile(rf"\b(?:province|state|governorate) of\s+({NAME})"), "admin1"),
    (re.compile(rf"\b({NAME})\s+(district|county)\b"), "district"),
    (re.compile(rf"\b(?:district|county) of\s+({NAME})\b(?!\s+(?:province|state))"), "district"),
    (re.compile(rf"\b({NAME})\s+(town|village|city)\b"), "town"),
    (re.compile(rf"\b(?:town|village|city) of\s+({NAME})\b(?!\s+(?:province|state|district))"), "town"),
    (re.compile(rf"\b({NAME})\s+(area|valley|region)\b"), "area"),
]
SKIP = {"The", "A", "An", "In", "On", "At", "Provincial", "District", "Northern", "Southern",
        "Eastern", "Western", "Central", "Police", "Province", "Government", "Taliban",
        "Islamic", "State", "Security", "Afghan", "Interior", "Defense", "Ministry", "Local",
        "Officials", "Official", "Governor", "Spokesman", "Capital", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Its", "This", "That"}


@dataclass
class Toponym:
    text: str
    start: int  # offsets in the document
    end: int
    hint: str | None  # what the text calls it: admin1 | district | town | area | None
    after_in: bool = False  # "in Qatar", "at Doha": named as where something happened


def find_toponyms(doc, text: str | None = None) -> list[Toponym]:
    """Place names in a document, pattern matches first, then GPE/LOC/FAC entities."""
    text = doc.text if text is None else text
    start, end = 0, len(text)
    found: list[Toponym] = []
    for pattern, hint in HINTED:
        for m in pattern.finditer(text):
            name = m.group(1)
            words = name.split()
            while words and words[0] in SKIP:
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            s = start + m.start(1) + m.group(1).find(name)
            if any(t.start < s + len(name) and s < t.end for t in found):
                continue  # the first, more telling pattern already read this name
            possessive = re.match(r"(.+?)['‘’]s (.+)", name)
            if possessive:  # "Kunduz's Ali Abad district": a district of Kunduz
                owner = possessive.group(1)
                found.append(Toponym(owner, s, s + len(owner), None))
                s, name = s + possessive.start(2), possessive.group(2)
            found.append(Toponym(re.sub(r"['‘’]s$", "", name), s, s + len(name), hint))
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and start <= ent.start_char and ent.end_char <= end:
            if any(t.start <= ent.start_char < t.end or ent.start_char <= t.start < ent.end_char
                   for t in found):
                continue
            name = re.sub(r"^(?:the|northern|southern|eastern|western|central)\s+", "",
                          ent.text, flags=re.IGNORECASE)
            name = re.sub(r"['‘’]s$", "", name)
            s = ent.start_char + ent.text.find(name)
            found.append(Toponym(name, s, s + len(name), None))
    for t in found:
        t.after_in = bool(re.search(r"\b(?:in|at|near|inside|to)\s+(?:the\s+)?$",
                                    text[max(0, t.start - 12):t.start], re.IGNORECASE))
    return sorted(found, key=lambda t: t.start)
