"""Given a report spec, print it as a PDF table whose rows break across pages.

One reportlab Table on landscape Letter with a full grid, the header row repeated on every
page (`repeatRows=1`) and rows split inside themselves (`splitInRow=1`) when taller than what
is left of a page. Each cell is a list of Paragraph flowables, one per non-empty paragraph,
with space between them; list numbers and bullets are printed as text.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from .model import COLUMNS, GroupSpec, OfficeSpec, Para, ReportSpec, header_paragraphs, office_cells
from .write_docx import top_level_blocks

FONT = "Vera"  # bundled with reportlab: accents, "•", "·", curly quotes
FONT_BOLD = "VeraBd"
COLUMN_TWIPS = (1900, 2800, 2600, 3700, 2680)  # the template's, column 1 wider for Vera Bold
MARGIN = 0.75 * inch
PARAGRAPH_GAP_SHARE = 0.6  # space after a paragraph, as a share of the font size
TITLE_SIZE = 8  # office names and headers: the narrow first column holds "Organismo" whole


def register_fonts() -> None:
    """Register the bundled Vera TrueType fonts with reportlab (once)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))


def write_pdf(report: ReportSpec, path: Path) -> Path:
    """Write `report` to `path` as a PDF and return `path`."""
    register_fonts()
    size = report.style.font_size
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=size, leading=size * 1.2, spaceAfter=size * PARAGRAPH_GAP_SHARE
    )
    bold = ParagraphStyle(
        "bold", parent=body, fontName=FONT_BOLD, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.2
    )
    rows = [[cell_flowables(list(cell), bold) for cell in header_paragraphs(report.style)]]
    spans = []
    for block in top_level_blocks(report):
        if isinstance(block, GroupSpec):
            spans.append(len(rows))
            rows.append([cell_flowables([Para(block.written(), "group")], bold)] + [""] * (COLUMNS - 1))
        else:
            rows.append(office_row(block, body, bold))
    document = SimpleDocTemplate(
        str(path),
        pagesize=landscape(letter),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    document.build([report_table(rows, spans, document.width, report.style.office_twips)])
    return path


def office_row(office: OfficeSpec, body: ParagraphStyle, bold: ParagraphStyle) -> list:
    """Return the five cells of an office row as flowable lists (the name in bold)."""
    cells = office_cells(office)
    return [cell_flowables(cells[0], bold)] + [cell_flowables(c, body) for c in cells[1:]]


def cell_flowables(paras: list[Para], style: ParagraphStyle) -> list[Paragraph]:
    """Return one Paragraph per paragraph that prints something, label and text as typed."""
    return [Paragraph(escape(p.full_text), style) for p in paras if p.full_text.strip()]


def report_table(rows: list[list], spans: list[int], width: float, office_twips: int | None = None) -> Table:
    """Return the grid table: header repeated, group rows spanned, rows split across pages.

    With `office_twips` the office column is that wide (the others keep their shares).
    """
    twips = (office_twips or COLUMN_TWIPS[0], *COLUMN_TWIPS[1:])
    widths = [width * t / sum(twips) for t in twips]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        # reportlab leaves a row cut by a page break open at the cut; Word closes it
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]
    commands += [("SPAN", (0, r), (-1, r)) for r in spans]
    return Table(rows, colWidths=widths, repeatRows=1, splitByRow=0, splitInRow=1, style=TableStyle(commands))
