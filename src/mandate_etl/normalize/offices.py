"""Given an office name (and the organization of its group row), return the office's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mandate_etl.models.tables import OfficeKind
from mandate_etl.reference import PLACE_SEPARATOR, Organization, countries, organizations
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

    The place is the country's name ("la República Dominicana", "Guatemala (Ciudad de
    Guatemala)"), or holds it as whole words ("Panamá, sede de la oficina").
    """
    key = fold_key(place).strip(" .,;:")
    for candidate in (key, ARTICLES.sub("", key)):  # "El Salvador" is a name, "el Perú" has an article
        if candidate in countries():
            return countries()[candidate]
    for name in sorted(countries(), key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", key):
            return countries()[name]
    return None


def place_of(name: str, separator: re.Pattern[str]) -> str:
    """Return the place an office name ends with ("… en la República Dominicana (…)" -> "la República …")."""
    parts = separator.split(name)
    if len(parts) < 2:
        return ""
    return fold_whitespace(PARENTHESES.sub(" ", parts[-1])).strip(" .,;:")


def identify_office(name: str, group: tuple[str, Organization] | None) -> OfficeIdentity:
    """Return the identity of the office called `name`, under the group row's organization."""
    name = fold_whitespace(name)
    found = organization_in(name) or group
    acronym, org = (found[0], found[1]) if found else (None, None)
    slug_org = slugify(org.acronym if org else acronym or "unknown")
    if set(re.findall(r"[a-z]+", fold_key(name))) & set(REGIONAL_WORDS):
        region = place_of(name, REGION_SEPARATOR)
        office_id = f"{slug_org}-{slugify(ARTICLES.sub('', region))}" if region else f"{slug_org}-regional"
        office_id = office_id if found else slugify(name)[:60]
        return OfficeIdentity(office_id, acronym, _org_name(org), None, "regional")
    place = place_of(name, PLACE_SEPARATOR)
    country = country_in(place) if place else None
    if country:
        code, canonical = country
        return OfficeIdentity(f"{slug_org}-{slugify(canonical)}", acronym, _org_name(org), code, "country")
    if place:  # an office of the agency in a city that is not a country ("… en Nueva York")
        return OfficeIdentity(
            f"{slug_org}-{slugify(ARTICLES.sub('', place))}", acronym, _org_name(org), None, "agency"
        )
    if found:
        return OfficeIdentity(slug_org, acronym, _org_name(org), None, "agency")
    return OfficeIdentity(slugify(name)[:60] or "unknown", None, None, None, "agency")


def _org_name(org: Organization | None) -> str | None:
    """Return the organization's full name, or None."""
    return org.name if org else None
