"""One-off, kept for the record: how the golden `text` columns were made whole (issue 9).

Run once, from the repository root, on the CSVs as they were then (a hand-written
`text_start` column: each text's first 60 characters). For every activity and mandate it finds
in the seed export the paragraph that the hand-chosen `text_start` begins, and takes the
paragraphs of the same cell up to the next item (the next row's start, a heading of the same
cell, or the next marked paragraph for a mandate), each without the marker the rules strip,
joined with one space and whitespace folded. Only the seed and the hand decisions already in the
CSVs are read: no project code. It no longer runs on the CSVs as they are now (they hold `text`).
"""

# ruff: noqa
import csv, re, sys, unicodedata
from pathlib import Path

G = Path("tests/golden/2010")
SEED = Path("tests/fixtures/seed/informe-organismos-2010.txt")


def fold(t):
    return " ".join(unicodedata.normalize("NFC", t).split())


def squeeze(t):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", t))


MARK = re.compile(
    r"^\s*(?:\d{1,2}\s*\.(?!\d)|\d\.\d\.?(?=\s)|\d{1,2}\s?\)|[•·\uf0b7▪◦]|[-–—](?=\s|$))?\s*(?:\(\s*\d{1,2}(?:\s*[-–,]\s*\d{1,2})*\s*\))?\s*"
)


def strip(t):
    return t[MARK.match(t).end() :]


lines = SEED.read_text(encoding="utf-8").split("\n")
lines[0] = lines[0].lstrip(" ")
cells, pending = [], None
for line in lines:
    if line.startswith("\t"):
        cells.append([])
        line = line[1:]
    if line in ("•", "-"):
        pending = line
        continue
    if pending is not None:
        line, pending = f"{pending} {line}", None
    if line.strip():
        cells[-1].append(line)

offices = list(csv.DictReader((G / "offices.csv").open(encoding="utf-8")))
row_of = {}
for o in offices:
    i = next(i for i, c in enumerate(cells) if fold(" ".join(c)) == o["name"])
    row_of[o["office_id"]] = cells[i : i + 5]

acts = list(csv.DictReader((G / "activities.csv").open(encoding="utf-8")))
out = []
for office, section in dict.fromkeys((a["office_id"], a["section"]) for a in acts):
    cell = row_of[office][3 if section == "carried_out" else 4]
    rows = [a for a in acts if a["office_id"] == office and a["section"] == section]
    headings = {squeeze(a["heading"]) for a in rows if a["heading"]}
    starts, pos = [], 0
    for a in rows:
        t = squeeze(a["text_start"])
        pos = next(
            i
            for i in range(pos, len(cell))
            if any(
                s.startswith(t) or (s and t.startswith(s))
                for s in (squeeze(strip(cell[i])), squeeze(cell[i]))
            )
        )
        starts.append(pos)
        pos += 1
    for k, a in enumerate(rows):
        end = starts[k + 1] if k + 1 < len(rows) else len(cell)
        j = starts[k] + 1
        while j < end and squeeze(strip(cell[j])).rstrip(":") not in headings:
            j += 1
        first = cell[starts[k]]
        t = squeeze(a["text_start"])
        first_text = (
            strip(first)
            if any(x.startswith(t) or t.startswith(x) for x in [squeeze(strip(first))])
            else first
        )
        text = fold(" ".join([first_text] + [strip(p) for p in cell[starts[k] + 1 : j]]))
        out.append({**a, "text": text})
w = csv.DictWriter(sys.stdout, fieldnames=list(out[0]))
w.writeheader()
w.writerows(out)

# mandates: the first office row (table order) that writes the item; its paragraphs up to the next marked one
mandates = list(csv.DictReader((G / "mandates.csv").open(encoding="utf-8")))
mout = []
for m in mandates:
    t = squeeze(m["text_start"])
    col = 1 if m["scheme"] == "program" else 2
    for office in row_of:
        cell = row_of[office][col]
        numbered = lambda p: m["scheme"] != "program" or squeeze(p).startswith(m["number"] + ".")

        def starts(i):
            s = squeeze(strip(cell[i])) or (squeeze(cell[i + 1]) if i + 1 < len(cell) else "")
            return bool(s) and (s.startswith(t) or t.startswith(s))

        hit = next((i for i, p in enumerate(cell) if numbered(p) and starts(i)), None)
        if hit is not None:
            break
    j = hit + 1
    while j < len(cell) and MARK.match(cell[j]).end() == 0:
        j += 1
    mout.append({**m, "text": fold(" ".join([strip(cell[hit])] + cell[hit + 1 : j]))})
with open("/tmp/gw/mandates_whole.csv", "w", encoding="utf-8", newline="") as h:
    w = csv.DictWriter(h, fieldnames=list(mout[0]))
    w.writeheader()
    w.writerows(mout)
