"""PDFs the reader must refuse in one line: fonts without a text map, streams that inflate to
a gigabyte. Each file is built by the test."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from tests.roundtrip.model import ActivityItem, GroupSpec, OfficeSpec, ReportSpec, ReportStyle
from tests.roundtrip.strategies import sentence_of
from tests.roundtrip.write_pdf import write_pdf

from mandate_etl.errors import (
    LostTextError,
    TableNotFoundError,
    UndecodableTextError,
    UnsafeInputError,
)
from mandate_etl.extract import extract_report

GIB = 1 << 30
RSS_LIMIT_MB = 512  # well under the 1 GiB a worker may use


def report_without_text_map(path: Path) -> Path:
    """Write a small report whose embedded fonts lose their ToUnicode maps."""
    office = OfficeSpec(
        name="Oficina de la OIM en MÉXICO",
        organization="OIM",
        kind="country",
        office_id="oim-mexico",
        country_code="MX",
        mandates=(66, 70),
        carried_out=(ActivityItem(sentence_of(1, 2, 3, 3, 0)),),
    )
    spec = ReportSpec(2010, (GroupSpec("OIM", (office,)),), ReportStyle())
    written = write_pdf(spec, path).read_bytes()
    assert b"/ToUnicode" in written
    path.write_bytes(written.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length: xref stays
    return path


def inflating_pdf(path: Path, size: int) -> Path:
    """Write a one-page PDF whose content stream inflates to `size` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join([packer.compress(chunk) for _ in range(size >> 20)] + [packer.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_fonts_without_text_map_are_refused(tmp_path: Path) -> None:
    """ "(cid:N)" instead of letters is never data: E-TEXT-UNDECODABLE, asking for the Word file."""
    path = report_without_text_map(tmp_path / "report.pdf")
    with pytest.raises(UndecodableTextError) as caught:
        extract_report(path, "raw/2010/report.pdf")
    assert caught.value.code == "E-TEXT-UNDECODABLE"
    assert str(caught.value).startswith("raw/2010/report.pdf: ")
    assert str(caught.value).endswith("(the PDF's fonts carry no text map); send the Word file")


def test_fonts_without_text_map_give_one_line_and_exit_1(tmp_path: Path) -> None:
    """validate prints one line naming the file and the reason, and exits 1."""
    path = report_without_text_map(tmp_path / "report.pdf")
    done = subprocess.run(
        [sys.executable, "-m", "mandate_etl", "validate", str(path), "--year", "2010"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [line for line in done.stdout.splitlines() if "E-TEXT-UNDECODABLE" in line]
    assert done.returncode == 1 and len(errors) == 1 and "Traceback" not in done.stderr


def test_stream_inflating_to_a_gigabyte_is_refused(tmp_path: Path) -> None:
    """A 1 MB PDF whose stream inflates to 1 GiB is refused as unsafe, peak RSS well under it."""
    path = inflating_pdf(tmp_path / "bomb.pdf", GIB)
    assert path.stat().st_size < 2 * 1024 * 1024
    code = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from mandate_etl.extract import extract_report\n"
        "try:\n"
        "    extract_report(Path(sys.argv[1]), 'bomb.pdf'); outcome = 'accepted'\n"
        "except Exception as exc:\n"
        "    outcome = f'{type(exc).__name__}: {exc}'\n"
        "print(json.dumps([outcome, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300, check=True
    )
    outcome, peak_mb = json.loads(done.stdout)
    assert outcome == f"{UnsafeInputError.__name__}: bomb.pdf: refused: a stream inflates past 64 MB"
    assert peak_mb < RSS_LIMIT_MB


def test_the_renderings_have_no_undecodable_text() -> None:
    """Real producers' PDFs map every glyph: the refusal never fires on them."""
    renderings = Path(__file__).resolve().parents[1] / "fixtures" / "renderings"
    path = sorted(renderings.glob("*.pdf"))[0]
    assert extract_report(path, path.name).rows


def pdf_with_text_across_a_cell_edge(path: Path) -> Path:
    """Write a ruled report table (header and one office row) and a word that starts left of
    the table and runs into the office cell."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=(792, 612))
    xs, ys = [50 + 140 * i for i in range(6)], (560, 520, 400)
    for y in ys:
        page.line(xs[0], y, xs[-1], y)
    for x in xs:
        page.line(x, ys[0], x, ys[-1])
    page.setFont("Helvetica", 7)
    header = (
        "Organismo / Oficina",
        "Mandatos del Programa Interamericano",
        "Mandatos institucionales / prioridades",
        "Actividades realizadas",
        "Actividades previstas / observaciones",
    )
    body = (
        "Oficina de la OIM en Chile",
        "66. Establecer centros de información.",
        "1) Apoyar la gestión migratoria.",
        "Se realizaron talleres.",
        "Se harán campañas.",
    )
    for x, head, text in zip(xs, header, body, strict=False):
        page.drawString(x + 4, 545, head)
        page.drawString(x + 4, 505, text)
    page.drawString(10, 470, "PERDIDOPERDIDO")  # centre outside the table, tail in the office cell
    page.save()
    return path


def test_text_across_a_cell_edge_is_lost_and_refused(tmp_path: Path) -> None:
    """A word whose characters are inside a report cell but read as outside every cell is
    E-LOST, naming the page, row and column, never dropped in silence."""
    path = pdf_with_text_across_a_cell_edge(tmp_path / "lost.pdf")
    with pytest.raises(LostTextError) as caught:
        extract_report(path, "lost.pdf")
    assert caught.value.code == "E-LOST"
    assert str(caught.value) == (
        "lost.pdf: page 1, table 1, row 2, column 1: text printed across "
        "the cell's edge cannot be placed in a cell: «PERDIDOPERDIDO»"
    )


def test_a_form_that_is_no_report_is_not_lost_text() -> None:
    """Words across the boxes of a form that holds no report table are no report text: the
    refusal is the missing table, not E-LOST."""
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "pdfminer__f1040nr.pdf"
    with pytest.raises(TableNotFoundError):
        extract_report(corpus, corpus.name)
