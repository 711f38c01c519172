"""The reference data of `data/`, each read once: Program catalogue, organizations, countries.

Every stage that needs reference data reads it here; nothing else opens the JSON files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.text import fold_key

PLACE_SEPARATOR = re.compile(r"\s(?:en|in)\s", re.IGNORECASE)  # "Oficina de la OIM en México"


@cache
def catalogue() -> dict[int, str]:
    """Return the Program catalogue: item number -> text."""
    return {m["number"]: m["text"] for m in load_json("program_mandates.json")["mandates"]}


@cache
def catalogue_keys() -> dict[int, str]:
    """Return the Program catalogue with each text folded for comparison."""
    return {n: fold_key(t) for n, t in catalogue().items()}


@dataclass(frozen=True)
class Organization:
    """An organization of the reference data."""

    acronym: str
    name: str
    acronyms: tuple[str, ...]
    names: tuple[str, ...]


@cache
def organizations() -> tuple[Organization, ...]:
    """Return the organizations of `data/organizations.json`."""
    return tuple(
        Organization(o["acronym"], o["name"], tuple(o["acronyms"]), tuple(o["names"]))
        for o in load_json("organizations.json")["organizations"]
    )


@cache
def countries() -> dict[str, tuple[str, str]]:
    """Return folded country name (short or official) -> (ISO code, canonical name)."""
    table = {}
    for c in load_json("countries.json")["countries"]:
        for name in c["names"]:
            table[fold_key(name)] = (c["code"], c["name"])
    return table


@dataclass(frozen=True)
class Places:
    """Places an office name may give besides a country's name (`data/places.json`), folded."""

    capitals: dict[str, tuple[str, str]]  # folded capital -> (ISO code, canonical country name)
    demonyms: dict[str, tuple[str, str]]  # folded demonym -> (ISO code, canonical country name)
    cities: frozenset[str]  # cities that host offices of an agency, no country's office
    regions: frozenset[str]  # regions of regional offices
    short_words: frozenset[str]  # 1-2 letter whole words; any other such piece is a broken word


@cache
def places() -> Places:
    """Return the places of `data/places.json`, each name folded for comparison."""
    data = load_json("places.json")
    canonical = {code: name for code, name in countries().values()}

    def by_country(section: str) -> dict[str, tuple[str, str]]:
        return {fold_key(n): (code, canonical[code]) for code, names in data[section].items() for n in names}

    return Places(
        capitals=by_country("capitals"),
        demonyms=by_country("demonyms"),
        cities=frozenset(fold_key(n) for n in data["cities"]),
        regions=frozenset(fold_key(n) for n in data["regions"]),
        short_words=frozenset(fold_key(n) for n in data["short_words"]),
    )


def names_an_organization_only(text: str) -> bool:
    """True when `text` holds an organization's full name and no place ("… en México").

    Such a cell is an organization heading (a group row), not an office.
    """
    key = fold_key(text)
    names_org = any(fold_key(name) in key for org in organizations() for name in org.names)
    return names_org and not PLACE_SEPARATOR.search(key)
