"""Build small extracted cells for rule tests."""

from __future__ import annotations

from mandate_etl.models import Paragraph, SourceFile, SourceRef

SOURCE = SourceFile(path="raw/2099/test.docx", sha256="0" * 64, format="docx", size=1)


def paragraphs(*texts: str | tuple[str, str, int]) -> list[Paragraph]:
    """Return paragraphs of one cell; a tuple is (label, text, level) for a Word list item."""
    out = []
    for i, item in enumerate(texts, start=1):
        label, text, level = item if isinstance(item, tuple) else (None, item, 0)
        ref = SourceRef(file=SOURCE.path, table=1, row=3, column=4, paragraph=i)
        out.append(Paragraph(text=text, label=label, level=level, ref=ref))
    return out
