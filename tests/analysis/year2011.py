"""Build a second year from the 2010 Word report by editing its table (python-docx XML).

What changes, so that a test can write the expected diff by hand:
- the OACDH row is removed (its Program items 77 and 78 are then written by no office);
- an office "Oficina de la OIM en CHILE" is added, a copy of the Ecuador row whose first
  activity is rewritten;
- priority 8 of the OIM is removed from every OIM row;
- Mexico loses Program item 76, and its activities 4 and 5 are replaced by one new activity
  that refers to item 66;
- the OPS rewrites its priority 1 ("Adelantar" -> "Impulsar") and adds a third priority.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

CHILE = "Oficina de la OIM en CHILE"
CHILE_ACTIVITY = (
    "La OIM en Chile apoyó al Departamento de Extranjería y Migración en la atención de migrantes."
)
MEXICO_ACTIVITY = "66. La OIM México abrió un centro de información para migrantes en Tapachula."
OPS_NEW_PRIORITY = "Promover la salud de los trabajadores migrantes en las zonas de frontera."


def paragraphs(tr, column: int) -> list:  # type: ignore[no-untyped-def]
    """Return the paragraphs (w:p) of the cell in 1-based `column` of the row `tr`."""
    return tr.findall(qn("w:tc"))[column - 1].findall(qn("w:p"))


def text_of(p) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def set_text(p, text: str) -> None:  # type: ignore[no-untyped-def]
    """Make paragraph `p` hold `text` in its first run only."""
    runs = p.findall(qn("w:r"))
    for run in runs[1:]:
        p.remove(run)
    texts = runs[0].findall(qn("w:t"))
    for t in texts[1:]:
        runs[0].remove(t)
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def starting(tr, column: int, prefix: str):  # type: ignore[no-untyped-def]
    """Return the paragraph of a cell whose text starts with `prefix`."""
    return next(p for p in paragraphs(tr, column) if text_of(p).startswith(prefix))


def build_2011(source: Path, target: Path) -> Path:
    """Write the edited copy of the 2010 report `source` to `target`."""
    document = Document(str(source))
    rows = document.tables[0]._tbl.findall(qn("w:tr"))
    office = {text_of(paragraphs(tr, 1)[0]): tr for tr in rows if len(tr.findall(qn("w:tc"))) == 5}
    oim_rows = [tr for name, tr in office.items() if "OIM" in name]
    for tr in oim_rows:
        priority_8 = [p for p in paragraphs(tr, 3) if text_of(p).strip()][7]  # "8)" or Word-numbered
        priority_8.getparent().remove(priority_8)
    oacdh = next(tr for name, tr in office.items() if "(OACDH)" in name)
    oacdh.getparent().remove(oacdh)
    ecuador = office["Oficina de la OIM en ECUADOR"]
    chile = copy.deepcopy(ecuador)
    set_text(paragraphs(chile, 1)[0], CHILE)
    set_text(paragraphs(chile, 4)[0], CHILE_ACTIVITY)
    office["Oficina de la OIM en Argentina"].addnext(chile)
    mexico = office["Oficina de la OIM en MÉXICO"]
    item_76 = starting(mexico, 2, "76.")
    item_76.getparent().remove(item_76)
    fourth, fifth = (
        starting(mexico, 4, "Durante el 2009"),
        starting(mexico, 4, "La OIM en México ha participado"),
    )
    set_text(fourth, MEXICO_ACTIVITY)
    fifth.getparent().remove(fifth)
    ops = next(tr for name, tr in office.items() if "(OPS)" in name)
    first = starting(ops, 3, "· Adelantar")
    set_text(first, text_of(first).replace("Adelantar", "Impulsar", 1))
    second = starting(ops, 3, "· Proporcionar")
    third = copy.deepcopy(second)
    set_text(third, f"· {OPS_NEW_PRIORITY}")
    second.addnext(third)
    document.save(str(target))
    return target
