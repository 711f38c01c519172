"""Build small extracted cells, rows and reports for rule tests."""

from __future__ import annotations

from mandate_etl.models import Cell, ColumnRole, ExtractedReport, Paragraph, Row, SourceFile, SourceRef
from mandate_etl.normalize import normalize_report

SOURCE = SourceFile(path="raw/2099/test.docx", sha256="0" * 64, format="docx", size=1)


def paragraphs(*texts: str | tuple[str, str, int]) -> list[Paragraph]:
    """Return paragraphs of one cell; a tuple is (label, text, level) for a Word list item."""
    out = []
    for i, item in enumerate(texts, start=1):
        label, text, level = item if isinstance(item, tuple) else (None, item, 0)
        ref = SourceRef(file=SOURCE.path, table=1, row=3, column=4, paragraph=i)
        out.append(Paragraph(text=text, label=label, level=level, ref=ref))
    return out


ROLES = list(ColumnRole)
ACTIVITY = "La oficina organizó talleres de capacitación para funcionarios de migración en tres provincias."


def row(number: int, *cells: list[str] | None, kind: str = "body", nested: int | None = None) -> Row:
    """Return table row `number` whose five cells hold the given paragraphs (None: no cell)."""
    built = []
    for column, texts in enumerate(cells, start=1):
        if texts is None:
            continue
        ref = SourceRef(file=SOURCE.path, table=1, row=number, column=column)
        paragraphs = tuple(
            Paragraph(text=t, nested=nested == column, ref=ref.model_copy(update={"paragraph": i}))
            for i, t in enumerate(texts, start=1)
        )
        built.append(
            Cell(
                column=column,
                role=ROLES[column - 1],
                paragraphs=paragraphs,
                has_nested_table=nested == column,
                ref=ref,
            )
        )
    return Row(kind=kind, cells=tuple(built), ref=SourceRef(file=SOURCE.path, table=1, row=number))  # type: ignore[arg-type]


def report(*rows: Row, preamble: tuple[str, ...] = ()) -> ExtractedReport:
    """Return an extracted report made of `rows`."""
    return ExtractedReport(source=SOURCE, rows=rows, preamble=preamble)


def codes(extracted: ExtractedReport, year: int = 2099) -> list[tuple[str, str, str]]:
    """Return (severity, code, location) of every error and warning (info findings are advice:
    tests/normalize/test_infer_links.py)."""
    found = normalize_report(extracted, year).findings
    return [(f.severity, f.code, f.location) for f in found if f.severity != "info"]


def office(number: int, name: str, program: list[str], activities: list[str]) -> Row:
    """Return an office row with Program mandates and carried-out activities."""
    return row(number, [name], program, [""], activities, [""])
