"""The report header is found by its words, across the spellings templates drift into."""

from __future__ import annotations

import pytest

from mandate_etl.extract.header import roles_of_header_row
from mandate_etl.models import ColumnRole

TEMPLATE = (
    "Organismo / Oficina",
    "Mandatos del Programa Interamericano",
    "Mandatos institucionales / prioridades",
    "Actividades realizadas",
    "Actividades previstas / observaciones",
)
ROLES = tuple(ColumnRole)


@pytest.mark.parametrize(
    "texts",
    [
        TEMPLATE,
        tuple(t.upper() for t in TEMPLATE),  # capitals
        (
            "ORGANISMO",
            "MANDATOS DEL PROGRAMA INTERAMERICANO",
            "MANDATO INSTITUCIONAL",
            "ACTIVIDAD REALIZADA",
            "ACTIVIDAD PREVISTA",
        ),  # singular for plural
        (
            "Organismo/Oficina.",
            "Mandatos del Programa Interamericano 2011",
            "Mandatos institucionales; prioridades",
            "Actividades realizadas (2010)",
            "Actividades previstas - observaciones",
        ),  # period, year, punctuation
        (
            "Organizacion",
            "Mandatos del Programa Interamericano",
            "Prioridades institucionales",
            "Actividades ejecutadas",
            "Observaciones",
        ),  # accents dropped, other wording
        (
            "Office",
            "Program mandates",
            "Institutional priorities",
            "Activities carried out",
            "Planned activities",
        ),
    ],
)
def it_maps_drifted_headers_to_the_five_roles(texts: tuple[str, ...]) -> None:
    assert roles_of_header_row(texts) == ROLES


def it_maps_columns_in_any_order() -> None:
    shuffled = (TEMPLATE[1], TEMPLATE[0], TEMPLATE[2], TEMPLATE[4], TEMPLATE[3])
    assert roles_of_header_row(shuffled) == (ROLES[1], ROLES[0], ROLES[2], ROLES[4], ROLES[3])


@pytest.mark.parametrize(
    "texts",
    [
        ("Nombre", "Dirección", "Teléfono", "Correo", "Observaciones"),  # another table
        TEMPLATE[:3],  # too few columns
        (
            "Organismo",
            "Mandatos institucionales",
            "Actividades realizadas",
            "Actividades previstas",
            "",
        ),  # no Program
        (
            "Oficina de la OIM en México",
            "66. Establecer centros de información " * 10,
            "",
            "",
            "",
        ),  # a body row
    ],
)
def it_refuses_rows_that_are_not_the_report_header(texts: tuple[str, ...]) -> None:
    assert roles_of_header_row(texts) is None
