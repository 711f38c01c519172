"""Program mandate text pasted into an activity column with line breaks in it stays mandate text.

Built by the test: the 2010 Word file with each mandate pasted into Argentina's column 5 broken
into two paragraphs (python-docx surgery), read by the whole pipeline.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import docx
from tests.conftest import RAW_2010_DOCX

from mandate_etl.models import NormalizedReport
from mandate_etl.pipeline import run_file

ARGENTINA = "Oficina de la OIM en Argentina"


def broken_pastes(target: Path) -> Path:
    """Write the 2010 report with every paragraph of Argentina's column 5 split in two; return it."""
    document = docx.Document(str(RAW_2010_DOCX))
    row = next(r for r in document.tables[0].rows if r.cells[0].text.strip() == ARGENTINA)
    for paragraph in list(row.cells[4].paragraphs):
        words = paragraph.text.split()
        if len(words) < 8:
            continue
        half = len(words) // 2
        second = copy.deepcopy(paragraph._p)
        paragraph._p.addnext(second)
        for p, text in (
            (paragraph, " ".join(words[:half])),
            (docx.text.paragraph.Paragraph(second, paragraph._parent), " ".join(words[half:])),
        ):
            for run in p.runs[1:]:
                run._r.getparent().remove(run._r)
            p.runs[0].text = text
    document.save(str(target))
    return target


def test_mandate_text_pasted_with_line_breaks_is_never_an_activity(
    tmp_path: Path, report_2010_docx: NormalizedReport
) -> None:
    report = run_file(broken_pastes(tmp_path / "informe.docx"), 2010, "raw/2010/informe.docx")
    dispositions = Counter(r.disposition for r in report.lineage)
    assert dispositions["duplicate_mandate"] == 22  # 11 mandates, each now two paragraphs
    assert dispositions["activity"] == Counter(r.disposition for r in report_2010_docx.lineage)["activity"]
    assert [a.text for a in report.activities] == [a.text for a in report_2010_docx.activities]
    assert [f.code for f in report.findings if f.severity != "info"] == ["W-MANDATE-PASTED"]
    assert "(22 paragraphs from here)" in report.findings[0].message
