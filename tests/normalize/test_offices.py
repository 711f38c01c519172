"""Office names into organization, kind, country and a stable id."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.normalize.offices import identify_office, organization_in
from mandate_etl.reference import countries

OIM_GROUP = organization_in("Organización Internacional para las Migraciones (OIM) ")


@pytest.mark.parametrize(
    ("name", "office_id", "organization", "country", "kind"),
    [
        ("Oficina de la OIM en MÉXICO", "oim-mexico", "OIM", "MX", "country"),
        ("Oficina de la OIM en  Perú ", "oim-peru", "OIM", "PE", "country"),
        ("Oficina de la OIM en Costa Rica", "oim-costa-rica", "OIM", "CR", "country"),
        ("IOM Office in Mexico", "oim-mexico", "IOM", "MX", "country"),
        ("Oficina Regional de la OIM en Washington, D.C.", "oim-washington-dc", "OIM", None, "regional"),
        (
            "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)",
            "acnur",
            "ACNUR",
            None,
            "agency",
        ),
        ("Organización Panamericana de la Salud (OPS)", "ops", "OPS", None, "agency"),
        ("Organización Panamericana de la Salud", "ops", "OPS", None, "agency"),
        ("Oficina en Bolivia", "oim-bolivia", "OIM", "BO", "country"),  # organization from the group row
        ("Oficina de la OIM en la República Dominicana", "oim-republica-dominicana", "OIM", "DO", "country"),
        ("Misión de la OIM en el Perú", "oim-peru", "OIM", "PE", "country"),
        ("Oficina de la OIM en los Estados Unidos", "oim-estados-unidos", "OIM", "US", "country"),
        ("Oficina de la OIM en Guatemala (Ciudad de Guatemala)", "oim-guatemala", "OIM", "GT", "country"),
        ("Oficina de Enlace de la OIM en Nueva York", "oim-nueva-york", "OIM", None, "agency"),
        (
            "Oficina Regional de la OIM para Centroamérica y México",
            "oim-centroamerica-y-mexico",
            "OIM",
            None,
            "regional",
        ),
        ("Oficina Regional de la OIM", "oim-regional", "OIM", None, "regional"),
        ("Oficina del ACNUR en Ecuador", "acnur-ecuador", "ACNUR", "EC", "country"),
        ("Oficina de la OIM en El Salvador", "oim-el-salvador", "OIM", "SV", "country"),
        ("Oficina de la OIM en las Bahamas", "oim-bahamas", "OIM", "BS", "country"),
    ],
)
def it_identifies_an_office_from_its_name(name, office_id, organization, country, kind) -> None:
    identity = identify_office(name, OIM_GROUP)
    assert (identity.office_id, identity.organization, identity.country_code, identity.office_kind) == (
        office_id,
        organization,
        country,
        kind,
    )


def it_reads_the_organization_of_a_group_row() -> None:
    assert OIM_GROUP is not None
    assert OIM_GROUP[0] == "OIM"
    assert OIM_GROUP[1].name == "Organización Internacional para las Migraciones"


def it_gives_an_unknown_office_a_slug_of_its_name() -> None:
    identity = identify_office("Secretaría Técnica Regional", None)
    assert (identity.office_id, identity.organization, identity.office_kind) == (
        "secretaria-tecnica-regional",
        None,
        "regional",
    )


@pytest.mark.parametrize(
    ("name", "office_id", "country"),
    [
        ("OIM México", "oim-mexico", "MX"),
        ("Oficina de la OIM en los Estados Unidos Mexicanos", "oim-mexico", "MX"),
        ("Oficina de la OIM en la República del Perú", "oim-peru", "PE"),
        ("Oficina de la OIM en Lima", "oim-peru", "PE"),
        ("IOM Mission in the United Mexican States", "oim-mexico", "MX"),
        ("Oficina de la OIM en los Estados Unidos de América", "oim-estados-unidos", "US"),
    ],
)
def it_resolves_other_spellings_of_a_place_to_the_same_office(
    name: str, office_id: str, country: str
) -> None:
    identity = identify_office(name, OIM_GROUP)
    assert (identity.office_id, identity.country_code, identity.office_kind, identity.doubt) == (
        office_id,
        country,
        "country",
        None,
    )


@pytest.mark.parametrize(
    ("name", "doubt"),
    [
        ("Oficina de la OIM en COLOMB IA", "the name holds «IA», a piece of a broken word"),
        ("Oficina Regional de la OIM en Washingto n, D.C.", "the name holds «n», a piece of a broken word"),
        ("Oficina de la OIM en Atlántida", "place «Atlántida» not in the reference data"),
        ("Oficina Regional de la OIM para Laurasia", "place «Laurasia» not in the reference data"),
        ("Secretaría Técnica", "no known organization"),
    ],
)
def it_doubts_an_office_the_reference_data_does_not_hold(name: str, doubt: str) -> None:
    assert identify_office(name, None if "Secretaría" in name else OIM_GROUP).doubt == doubt


@pytest.mark.parametrize(
    "name",
    [
        "Oficina de la OIM en MÉXICO",
        "Oficina Regional de la OIM en Washington, D.C.",
        "Oficina de Enlace de la OIM en Nueva York",
        "Oficina Regional de la OIM para Centroamérica y México",
        "Oficina del Alto Comisionado para los Derechos Humanos (OACDH) y la Relatoría Especial sobre los "
        "Derechos Humanos de los Migrantes y sus Familias",
        "Organización Panamericana de la Salud (OPS)",
    ],
)
def it_has_no_doubt_about_the_offices_it_knows(name: str) -> None:
    assert identify_office(name, OIM_GROUP).doubt is None


COUNTRY_NAMES = sorted({canonical for _, canonical in countries().values()})


@given(st.sampled_from(COUNTRY_NAMES), st.integers(1, 40), st.booleans())
def it_never_gives_a_broken_place_a_new_id_without_a_doubt(country: str, cut: int, upper: bool) -> None:
    place = country.upper() if upper else country
    cut = 1 + cut % (len(place) - 1)
    broken = f"{place[:cut]} {place[cut:]}"
    whole = identify_office(f"Oficina de la OIM en {place}", OIM_GROUP)
    identity = identify_office(f"Oficina de la OIM en {broken}", OIM_GROUP)
    assert identity.office_id == whole.office_id or identity.doubt is not None, broken
