"""Given an office name (and the organization of its group row), return the office's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.models.tables import OfficeKind
from mandate_etl.text import fold_key, fold_whitespace, slugify

REGIONAL_WORDS = ("regional", "region")
PLACE_SEPARATOR = re.compile(r"\s(?:en|in)\s", re.IGNORECASE)


@dataclass(frozen=True)
class OfficeIdentity:
    """What an office name tells: organization, kind, country and a stable id."""

    office_id: str
    organization: str | None
    organization_name: str | None
    country_code: str | None
    office_kind: OfficeKind


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
    """Return folded country name -> (ISO code, canonical name)."""
    table = {}
    for c in load_json("countries.json")["countries"]:
        for name in c["names"]:
            table[fold_key(name)] = (c["code"], c["name"])
    return table


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
    """Return (ISO code, canonical name) when `place` is a country name, else None."""
    key = fold_key(place).strip(" .,;:")
    return countries().get(key)


def identify_office(name: str, group: tuple[str, Organization] | None) -> OfficeIdentity:
    """Return the identity of the office called `name`, under the group row's organization."""
    name = fold_whitespace(name)
    found = organization_in(name) or group
    acronym, org = (found[0], found[1]) if found else (None, None)
    slug_org = slugify(org.acronym if org else acronym or "unknown")
    parts = PLACE_SEPARATOR.split(name)
    place = parts[-1] if len(parts) > 1 else ""
    words = set(re.findall(r"[a-z]+", fold_key(name)))
    if place and words & set(REGIONAL_WORDS):
        return OfficeIdentity(f"{slug_org}-{slugify(place)}", acronym, _org_name(org), None, "regional")
    country = country_in(place) if place else None
    if country:
        code, canonical = country
        return OfficeIdentity(f"{slug_org}-{slugify(canonical)}", acronym, _org_name(org), code, "country")
    if found:
        return OfficeIdentity(slug_org, acronym, _org_name(org), None, "agency")
    return OfficeIdentity(slugify(name)[:60] or "unknown", None, None, None, "agency")


def _org_name(org: Organization | None) -> str | None:
    """Return the organization's full name, or None."""
    return org.name if org else None
