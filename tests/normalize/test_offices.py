"""Office names into organization, kind, country and a stable id."""

from __future__ import annotations

import pytest

from mandate_etl.normalize.offices import identify_office, organization_in

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
