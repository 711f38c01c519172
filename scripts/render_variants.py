"""Print a .docx report as other submitters would: other paper, fonts, sizes and column widths.

Each variant rewrites the report's XML (page size and orientation, margins, the default font and
size, the report table's column widths) and prints it to PDF with LibreOffice headless, each run
in a profile of its own (`-env:UserInstallation=file:///tmp/lo-<name>`), so runs never share state.

    .venv/bin/python scripts/render_variants.py raw/2010/informe-organismos-2010.docx \
        --out tests/fixtures/renderings [--only NAME ...] [--list]
        [--variant name:paper:orientation:margin:font:size[:widths] ...]

`--variant` renders ad-hoc variants instead of the list (e.g. `a5-mono:a5:portrait:0.4:mono:7`
or `wide-office:letter:portrait:0.75:carlito:10:5-2-2-3-2`), to try the reader on renderings
nobody has seen.

Needs the Debian packages libreoffice-writer-nogui, fonts-crosextra-carlito, fonts-liberation and
fonts-dejavu. The variant names say what each one is; `--list` prints them with their settings.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_INCH = 1440
PAPER = {  # w, h portrait
    "letter": (12240, 15840),
    "a4": (11906, 16838),
    "legal": (12240, 20160),
    "a5": (8391, 11906),
    "b5": (9979, 14173),
    "executive": (10440, 15120),
}
FONTS = {
    "carlito": "Carlito",
    "sans": "Liberation Sans",
    "serif": "Liberation Serif",
    "dejavu": "DejaVu Sans",
    "dejavu-serif": "DejaVu Serif",
    "calibri": "Calibri",
    "mono": "Liberation Mono",
    "sans-narrow": "Liberation Sans Narrow",
    "dejavu-condensed": "DejaVu Sans Condensed",
}
TIMEOUT = 300  # seconds for one LibreOffice run


@dataclass(frozen=True)
class Variant:
    """One way of printing the report.

    `columns` are relative column widths (any unit), scaled to fill the text width; None keeps
    the file's own proportions. `margin` is in inches, the same on all four sides.
    """

    name: str
    paper: str
    landscape: bool
    font: str
    size: float
    margin: float = 0.75
    columns: tuple[float, ...] | None = None

    def describe(self) -> str:
        """Return the settings of this variant in one line."""
        orientation = "landscape" if self.landscape else "portrait"
        widths = "file's own" if self.columns is None else ":".join(f"{c:g}" for c in self.columns)
        return (
            f"{self.paper} {orientation}, margins {self.margin:g} in, {FONTS[self.font]} "
            f"{self.size:g} pt, column widths {widths}"
        )


VARIANTS = (
    Variant("letter-landscape-carlito-10", "letter", True, "carlito", 10, margin=0.5),
    Variant("letter-portrait-sans-8", "letter", False, "sans", 8),
    Variant("letter-portrait-serif-12", "letter", False, "serif", 12, margin=1.0),
    Variant("a4-portrait-serif-10", "a4", False, "serif", 10),
    Variant("a4-landscape-dejavu-9", "a4", True, "dejavu", 9),
    Variant("a4-landscape-wide-margins-carlito-11", "a4", True, "carlito", 11, margin=1.75),
    Variant("legal-landscape-sans-11", "legal", True, "sans", 11),
    Variant("legal-portrait-carlito-12", "legal", False, "carlito", 12),
    Variant("letter-landscape-narrow-margins-serif-9", "letter", True, "serif", 9, margin=0.3),
    Variant(
        "letter-landscape-narrow-office-carlito-12",
        "letter",
        True,
        "carlito",
        12,
        columns=(1050, 2900, 2700, 4100, 2930),
    ),
    Variant(
        "a4-portrait-narrow-office-sans-11", "a4", False, "sans", 11, columns=(950, 2400, 2200, 3300, 2350)
    ),
    Variant(
        "legal-landscape-equal-columns-dejavu-serif-10",
        "legal",
        True,
        "dejavu-serif",
        10,
        columns=(1, 1, 1, 1, 1),
    ),
    Variant("a5-landscape-sans-8-1-3-3-3-3", "a5", True, "sans", 8, margin=0.4, columns=(1, 3, 3, 3, 3)),
    Variant("b5-landscape-dejavu-7-2-2-4-4-2", "b5", True, "dejavu", 7, margin=0.4, columns=(2, 2, 4, 4, 2)),
    Variant(
        "executive-landscape-sans-narrow-9-1-3-3-3-3",
        "executive",
        True,
        "sans-narrow",
        9,
        margin=0.5,
        columns=(1, 3, 3, 3, 3),
    ),
)


def parse_variant(spec: str) -> Variant:
    """Return the variant of a `name:paper:orientation:margin:font:size[:widths]` spec.

    `orientation` is portrait or landscape, `margin` inches, `widths` relative column widths
    joined by "-" (e.g. 1-3-3-3-3); without them the file's own proportions are kept.
    """
    parts = spec.split(":")
    if len(parts) not in (6, 7):
        raise argparse.ArgumentTypeError(f"{spec}: want name:paper:orientation:margin:font:size[:widths]")
    name, paper, orientation, margin, font, size = parts[:6]
    if paper not in PAPER or font not in FONTS or orientation not in ("portrait", "landscape"):
        raise argparse.ArgumentTypeError(f"{spec}: paper in {sorted(PAPER)}, font in {sorted(FONTS)}")
    try:
        columns = tuple(float(c) for c in parts[6].split("-")) if len(parts) == 7 else None
        return Variant(name, paper, orientation == "landscape", font, float(size), float(margin), columns)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{spec}: margin, size and widths are numbers ({error})") from None


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


def rewrite_document(root: etree._Element, variant: Variant, old_size: float) -> None:
    """Rewrite the page setup, run sizes and report table widths of document.xml in place."""
    width, height = PAPER[variant.paper]
    if variant.landscape:
        width, height = height, width
    margin = str(round(variant.margin * TWIPS_PER_INCH))
    for sect in root.iter(w("sectPr")):
        size = sect.find("w:pgSz", NS)
        size.set(w("w"), str(width))
        size.set(w("h"), str(height))
        size.set(w("orient"), "landscape" if variant.landscape else "portrait")
        mar = sect.find("w:pgMar", NS)
        for side in ("top", "right", "bottom", "left"):
            mar.set(w(side), margin)
    for sz in (*root.iter(w("sz")), *root.iter(w("szCs"))):  # explicit sizes keep their ratio
        sz.set(w("val"), str(round(int(sz.get(w("val"))) * variant.size / old_size)))
    text_width = width - 2 * round(variant.margin * TWIPS_PER_INCH)
    for table in root.iter(w("tbl")):
        rewrite_table_widths(table, variant.columns, text_width)


def rewrite_table_widths(table: etree._Element, columns: tuple[float, ...] | None, text_width: int) -> None:
    """Set the grid columns of `table` to fill `text_width` in the proportions of `columns`."""
    grid = table.find("w:tblGrid", NS)
    cols = grid.findall("w:gridCol", NS)
    shares = columns or tuple(float(c.get(w("w"))) for c in cols)
    if len(shares) != len(cols):
        raise SystemExit(f"variant has {len(shares)} columns, the table {len(cols)}")
    widths = [int(text_width * s / sum(shares)) for s in shares]
    for col, width in zip(cols, widths, strict=True):
        col.set(w("w"), str(width))
    table.find("w:tblPr/w:tblW", NS).attrib.update({w("w"): str(sum(widths)), w("type"): "dxa"})
    for row in table.findall("w:tr", NS):
        at = 0
        for cell in row.findall("w:tc", NS):
            span = cell.find("w:tcPr/w:gridSpan", NS)
            n = int(span.get(w("val"))) if span is not None else 1
            tcw = cell.find("w:tcPr/w:tcW", NS)
            if tcw is not None:
                tcw.attrib.update({w("w"): str(sum(widths[at : at + n])), w("type"): "dxa"})
            at += n


def rewrite_styles(root: etree._Element, variant: Variant) -> float:
    """Set the default font and size of styles.xml; return the old default size in points."""
    rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(w(attr), FONTS[variant.font])
    size = rpr.find("w:sz", NS)
    old = int(size.get(w("val"))) / 2
    for tag in ("sz", "szCs"):
        rpr.find(f"w:{tag}", NS).set(w("val"), str(round(variant.size * 2)))
    return old


def write_variant_docx(source: Path, variant: Variant, target: Path) -> None:
    """Write the .docx of `variant` of `source` to `target`."""
    with zipfile.ZipFile(source) as zin:
        styles = etree.fromstring(zin.read("word/styles.xml"))
        old_size = rewrite_styles(styles, variant)
        document = etree.fromstring(zin.read("word/document.xml"))
        rewrite_document(document, variant, old_size * 2)
        changed = {"word/styles.xml": styles, "word/document.xml": document}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename in changed:
                    data = etree.tostring(
                        changed[item.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                zout.writestr(item, data)


def print_to_pdf(docx: Path, out: Path, name: str) -> Path:
    """Print `docx` to a PDF in `out` with LibreOffice headless, in a profile of its own."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found: install the Debian package libreoffice-writer-nogui")
    profile = f"file:///tmp/lo-{name}"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    pdf = out / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise SystemExit(f"{docx.name}: LibreOffice wrote no PDF")
    return pdf


def render(source: Path, variant: Variant, out: Path) -> Path:
    """Write the PDF of `variant` of `source` as `out/<variant name>.pdf`; return its path."""
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / f"{variant.name}.docx"
        write_variant_docx(source, variant, docx)
        pdf = print_to_pdf(docx, Path(folder), variant.name)
        target = out / f"{variant.name}.pdf"
        shutil.move(pdf, target)
    return target


def main() -> None:
    """Render the chosen variants of the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path, help="the .docx report to print")
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/renderings"))
    parser.add_argument("--only", nargs="*", help="variant names to render (default: all)")
    parser.add_argument("--list", action="store_true", help="list the variants and stop")
    parser.add_argument(
        "--variant",
        type=parse_variant,
        action="append",
        help="an ad-hoc variant name:paper:orientation:margin:font:size[:widths] (replaces the list)",
    )
    args = parser.parse_args()
    chosen = args.variant or [v for v in VARIANTS if not args.only or v.name in args.only]
    if args.list:
        for v in chosen:
            print(f"{v.name}: {v.describe()}")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for variant in chosen:
        pdf = render(args.docx, variant, args.out)
        print(f"{pdf}: {variant.describe()}", file=sys.stderr)


if __name__ == "__main__":
    main()
