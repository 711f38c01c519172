"""Given an office name (and the organization of its group row), return the office's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from mandate_etl.models.tables import OfficeKind
from mandate_etl.reference import PLACE_SEPARATOR, Organization, countries, organizations, places
from mandate_etl.text import fold_key, fold_whitespace, slugify

REGIONAL_WORDS = ("regional", "region")
REGION_SEPARATOR = re.compile(r"\s(?:en|in|para|for)\s", re.IGNORECASE)  # "… Regional … para Centroamérica"
ARTICLES = re.compile(r"^(?:el|la|los|las|the)\s+", re.IGNORECASE)
PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class OfficeIdentity:
    """What an office name tells: organization, kind, country and a stable id."""

    office_id: str
    organization: str | None
    organization_name: str | None
    country_code: str | None
    office_kind: OfficeKind
    doubt: str | None = None  # why the office is not in the reference data (W-OFFICE-UNKNOWN)


def organization_in(text: str) -> tuple[str, Organization] | None:
    """Return (acronym as written, organization) of the first organization named in `text`."""
    best: tuple[int, str, Organization] | None = None
    for org in organizations():
        for acronym in org.acronyms:
            m = re.search(rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])", text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), acronym, org)
    if best is None:
        key = fold_key(text)
        for org in organizations():
            for name in org.names:
                pos = key.find(fold_key(name))
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, org.acronym, org)
    return None if best is None else (best[1], best[2])


def country_in(place: str) -> tuple[str, str] | None:
    """Return (ISO code, canonical name) of the country `place` names, else None.

    The place is the country's name, short or official ("la República Dominicana", "los
    Estados Unidos Mexicanos"), or its capital ("Lima"), or holds one as whole words
    ("Panamá, sede de la oficina"); the longest name found wins.
    """
    key = fold_key(place).strip(" .,;:")
    for candidate in (key, ARTICLES.sub("", key)):  # "El Salvador" is a name, "el Perú" has an article
        if candidate in countries():
            return countries()[candidate]
        if candidate in places().capitals:
            return places().capitals[candidate]
    return _named_in(key, "countries") or _named_in(key, "capitals")


def country_named_in(name: str) -> tuple[str, str] | None:
    """Return the country an office name without a place ("OIM México") names, else None.

    Its words are searched for a country's name, then for a demonym ("Oficina Mexicana"),
    once the organization's names are taken out.
    """
    key = fold_key(name)
    for org in organizations():
        for words in (*org.names, *org.acronyms):
            key = key.replace(fold_key(words), " ")
    return _named_in(key, "countries") or _named_in(key, "demonyms")


NameTable = Literal["countries", "capitals", "demonyms"]


def _table(kind: NameTable) -> dict[str, tuple[str, str]]:
    """Return folded name -> (ISO code, canonical country name) of one kind of place name."""
    return countries() if kind == "countries" else getattr(places(), kind)


@cache
def _names_pattern(kind: NameTable) -> re.Pattern[str]:
    """Return a pattern finding the names of `kind` as whole words, longer names first."""
    names = sorted(_table(kind), key=len, reverse=True)
    return re.compile(rf"(?<![a-z])(?:{'|'.join(map(re.escape, names))})(?![a-z])")


def _named_in(key: str, kind: NameTable) -> tuple[str, str] | None:
    """Return the country of the longest name of `kind` that `key` holds as whole words."""
    found = _names_pattern(kind).findall(key)
    return _table(kind)[max(found, key=len)] if found else None


def is_known_place(place: str) -> bool:
    """True when `place` is a country, a capital, a city or a region of the reference data."""
    key = ARTICLES.sub("", fold_key(place).strip(" .,;:"))
    known = places().cities | places().regions
    return (
        country_in(place) is not None
        or key in known
        or any(re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", key) for k in known)
    )


def broken_fragment(name: str, upper_is_acronym: bool = False) -> str | None:
    """Return the first lone 1-2 letter piece of `name` that is not a word ("COLOMB IA" -> "IA").

    A word broken where a narrow column wrapped it leaves such a piece; an abbreviation with
    dots ("D.C.") or an organization's acronym is not one. With `upper_is_acronym`, a piece in
    capitals in a line that is not all capitals ("… Trafficking CAR CT") is read as an acronym:
    a heading has no reference data to check a place against, so case is its only evidence.
    """
    acronyms = {fold_key(a) for org in organizations() for a in org.acronyms}
    mixed_case = any(ch.islower() for ch in name)
    for token in name.split():
        word = token.strip(" ,;:()\"'«»“”")
        if "." in word or not word.isalpha() or len(word) > 2:
            continue
        if upper_is_acronym and mixed_case and word.isupper():
            continue
        if fold_key(word) not in places().short_words and fold_key(word) not in acronyms:
            return word
    return None


def place_of(name: str, separator: re.Pattern[str]) -> str:
    """Return the place an office name ends with ("… en la República Dominicana (…)" -> "la República …")."""
    parts = separator.split(name)
    if len(parts) < 2:
        return ""
    return fold_whitespace(PARENTHESES.sub(" ", parts[-1])).strip(" .,;:")


def identify_office(name: str, group: tuple[str, Organization] | None) -> OfficeIdentity:
    """Return the identity of the office called `name`, under the group row's organization.

    The id is the organization and the place resolved against the reference data, so two
    spellings of one office ("OIM México", "Oficina de la OIM en los Estados Unidos
    Mexicanos") are one id. An office the reference data does not hold carries a `doubt`.
    """
    name = fold_whitespace(name)
    found = organization_in(name) or group
    identity = _identity(name, found)
    fragment = broken_fragment(name)
    if fragment is not None:
        doubt = f"the name holds «{fragment}», a piece of a broken word"
        identity = replace(identity, doubt=doubt)
    return identity


def _identity(name: str, found: tuple[str, Organization] | None) -> OfficeIdentity:
    """Return the identity of an office from its name and organization (see `identify_office`)."""
    acronym, org = (found[0], found[1]) if found else (None, None)
    slug_org = slugify(org.acronym if org else acronym or "unknown")
    org_name = org.name if org else None
    if set(re.findall(r"[a-z]+", fold_key(name))) & set(REGIONAL_WORDS):
        region = place_of(name, REGION_SEPARATOR)
        office_id = f"{slug_org}-{slugify(ARTICLES.sub('', region))}" if region else f"{slug_org}-regional"
        if not found:
            return OfficeIdentity(slugify(name)[:60], None, None, None, "regional", "no known organization")
        doubt = (
            None if not region or is_known_place(region) else f"place «{region}» not in the reference data"
        )
        return OfficeIdentity(office_id, acronym, org_name, None, "regional", doubt)
    place = place_of(name, PLACE_SEPARATOR)
    country = country_in(place) if place else country_named_in(name)
    if country:
        code, canonical = country
        doubt = None if found else "no known organization"
        return OfficeIdentity(f"{slug_org}-{slugify(canonical)}", acronym, org_name, code, "country", doubt)
    if place:  # an office of the agency in a city that is not a country ("… en Nueva York")
        office_id = f"{slug_org}-{slugify(ARTICLES.sub('', place))}"
        doubt = None if found and is_known_place(place) else f"place «{place}» not in the reference data"
        return OfficeIdentity(office_id, acronym, org_name, None, "agency", doubt)
    if found:
        return OfficeIdentity(slug_org, acronym, org_name, None, "agency")
    return OfficeIdentity(
        slugify(name)[:60] or "unknown", None, None, None, "agency", "no known organization"
    )
