"""Write a synthetic archive of yearly submissions (Word and PDF), deterministic by seed.

    python scripts/make_archive.py N --years 2005-2024 --pdf-share 0.3 --seed S --out DIR

Writes N submissions under DIR/<year>/ from the round-trip report models (tests/roundtrip/):
each is one organization's or a few offices' part of the year's table, with 1-5 offices, every
list style the rules read, 0-8 activities per column (so rows of every length, and PDF rows
broken across pages), headings, references, split tables and three PDF font sizes. Within a
year no two submissions report the same office, as in a real archive. The same seed writes
byte-identical files. DIR/archive.json lists each file with its year, format, offices and
pages (for a Word file, the pages of the same table printed by the PDF writer: an estimate).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the report models live with the round-trip tests
    sys.path.insert(0, str(ROOT))

from reportlab import rl_config  # noqa: E402
from tests.roundtrip.model import (  # noqa: E402
    HEADER_VARIANTS,
    ActivityItem,
    GroupSpec,
    Heading,
    OfficeSpec,
    OfficeStyle,
    ReportSpec,
    ReportStyle,
    catalogue,
    countries,
    organizations,
    slug,
)
from tests.roundtrip.strategies import (  # noqa: E402
    AUDIENCES,
    HEADINGS,
    MIN_BREAK,
    OBJECTS,
    OPENERS,
    PLACES,
    PRIORITIES,
    REGIONAL_PLACES,
    TOPICS,
)
from tests.roundtrip.write_docx import write_docx  # noqa: E402
from tests.roundtrip.write_pdf import write_pdf  # noqa: E402

ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # every zip member gets this date: same seed, same bytes
OFFICE_COUNT_WEIGHTS = (40, 25, 15, 12, 8)  # 1..5 offices per submission; most send one or two
MAX_ITEMS = 8
PDF_PAGE = re.compile(rb"/Type /Page\b(?!s)")
ARCHIVE_INDEX = "archive.json"

rl_config.invariant = 1  # reportlab: no creation date or random document id in the PDF


def sentence(rng: random.Random) -> str:
    """Return one activity sentence from the round-trip vocabulary."""
    return " ".join(rng.choice(p) for p in (OPENERS, OBJECTS, TOPICS, AUDIENCES, PLACES)) + "."


def activity_items(
    rng: random.Random, mandates: tuple[int, ...], priorities: int
) -> tuple[ActivityItem, ...]:
    """Return 0-8 activities of one column, following the round-trip strategy's rules so the
    pipeline reads them unambiguously (a heading is left only by a "NN." item)."""
    texts = list(dict.fromkeys(sentence(rng) for _ in range(rng.choice((0, 1, 2, 3, 4, 6, MAX_ITEMS)))))
    items: list[ActivityItem] = []
    heading: Heading | None = None
    for text in texts:
        heading = next_heading(rng, heading, mandates)
        own = rng.choice(mandates) if heading is None and mandates and rng.random() < 0.5 else None
        if heading is None and items and items[-1].heading is not None:
            if not mandates:
                heading = items[-1].heading
            else:
                own = own or rng.choice(mandates)
        refs = priority_refs(rng, priorities)
        plain = own is not None or bool(refs)
        after_heading = bool(items) and items[-1].heading is not None
        words = len(text.split())
        items.append(
            ActivityItem(
                text=text,
                heading=heading,
                mandate=own,
                dotted=bool(own) and not after_heading and rng.random() < 0.2,
                priorities=refs,
                marker="none" if plain else rng.choice(("none", "word_bullet", "typed_bullet")),
                break_at=rng.randint(MIN_BREAK, words - 2) if rng.random() < 0.2 else None,
            )
        )
    return tuple(items)


def next_heading(rng: random.Random, current: Heading | None, mandates: tuple[int, ...]) -> Heading | None:
    """Return the heading of the next item: kept, dropped or a new one."""
    choice = rng.random()
    if choice < 0.4:
        return current
    if choice < 0.8:
        return None
    return Heading(rng.choice(HEADINGS), rng.choice((None, *mandates)))


def priority_refs(rng: random.Random, count: int) -> tuple[int, ...]:
    """Return an item's priority references among 1..count (mostly none)."""
    if count == 0 or rng.random() < 0.7:
        return ()
    return tuple(sorted(rng.sample(range(1, count + 1), rng.randint(1, min(3, count)))))


def office_style(rng: random.Random) -> OfficeStyle:
    """Return how an office row is typed."""
    return OfficeStyle(
        program=rng.choice(("space", "tight", "alone")),
        priorities=rng.choice(("word_number", "typed_number", "word_bullet", "typed_bullet")),
        blank_lines=rng.random() < 0.3,
        trailing_space=rng.random() < 0.3,
        whitespace_tail=rng.random() < 0.2,
        continued=rng.random() < 0.15,
    )


def office(rng: random.Random, organization: str, place: tuple[str, str]) -> OfficeSpec:
    """Return one office of `organization` at `place` ("country", name) or ("regional", city)."""
    kind, where = place
    if kind == "regional":
        name, code = f"Oficina Regional de la {organization} en {where}", None
    else:
        name = f"Oficina de la {organization} en {rng.choice((where, where.upper()))}"
        code = countries()[where]
    office_id = f"{organization.lower()}-{slug(where)}"
    mandates = tuple(sorted(rng.sample(sorted(catalogue()), rng.randint(0, 5))))
    count = rng.randint(0, 5)
    priorities = tuple((n, PRIORITIES[n - 1]) for n in range(1, count + 1))
    return OfficeSpec(
        name=name,
        organization=organization,
        kind=kind,  # type: ignore[arg-type]
        office_id=office_id,
        country_code=code,
        mandates=mandates,
        priorities=priorities,
        carried_out=activity_items(rng, mandates, count),
        planned=activity_items(rng, mandates, count),
        style=office_style(rng),
    )


def year_places() -> list[tuple[str, tuple[str, str]]]:
    """Return every (organization, place) an office can report from, in a fixed order."""
    places = [("country", c) for c in sorted(countries())] + [("regional", p) for p in REGIONAL_PLACES]
    return [(org, place) for org in sorted(organizations()) for place in places]


def submission(rng: random.Random, year: int, free: list[tuple[str, tuple[str, str]]]) -> ReportSpec:
    """Return one submission of `year`, taking its offices from `free` (no office twice a year)."""
    wanted = rng.choices(range(1, 6), weights=OFFICE_COUNT_WEIGHTS)[0]
    if not free:
        raise SystemExit(f"make_archive: too many submissions for {year}: every office already reports")
    taken = [free.pop() for _ in range(min(wanted, len(free)))]
    groups: dict[str, list[OfficeSpec]] = {}
    for organization, place in taken:
        groups.setdefault(organization, []).append(office(rng, organization, place))
    specs = tuple(GroupSpec(org, tuple(members)) for org, members in sorted(groups.items()))
    top_level = len(specs) + len(taken)
    style = ReportStyle(
        header=rng.randrange(len(HEADER_VARIANTS)),
        split_before=rng.randint(1, top_level - 1) if top_level > 1 and rng.random() < 0.3 else None,
        repeat_header=rng.random() < 0.5,
        symbol_bullets=rng.random() < 0.3,
        font_size=rng.choice((9, 11, 12)),
    )
    return ReportSpec(year=year, groups=specs, style=style)


def write_docx_bytes(spec: ReportSpec, path: Path) -> None:
    """Write `spec` as .docx at `path`, every zip member dated ZIP_DATE (reproducible bytes)."""
    write_docx(spec, path)
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def pdf_pages(spec: ReportSpec, path: Path) -> int:
    """Write `spec` as PDF at `path` and return its number of pages."""
    write_pdf(spec, path)
    return len(PDF_PAGE.findall(path.read_bytes()))


def parse_years(text: str) -> list[int]:
    """Return the years of "2005-2024" or "2010"."""
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def make_archive(count: int, years: Sequence[int], pdf_share: float, seed: int, out: Path) -> list[dict]:
    """Write `count` submissions spread evenly over `years` under `out`; return the index rows."""
    rng = random.Random(seed)
    free = {y: rng.sample(year_places(), len(year_places())) for y in years}
    rows = []
    for index in range(count):
        year = years[index % len(years)]
        spec = submission(rng, year, free[year])
        is_pdf = rng.random() < pdf_share
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"submission-{index:05d}.{'pdf' if is_pdf else 'docx'}"
        if is_pdf:
            pages = pdf_pages(spec, path)
        else:
            write_docx_bytes(spec, path)
            pages = pdf_pages(spec, folder / f".pages-{index:05d}.tmp")
            (folder / f".pages-{index:05d}.tmp").unlink()
        rows.append(
            {
                "path": path.relative_to(out).as_posix(),
                "year": year,
                "format": "pdf" if is_pdf else "docx",
                "offices": len(spec.offices()),
                "pages": pages,
            }
        )
    index_text = json.dumps({"seed": seed, "count": count, "files": rows}, indent=1)
    (out / ARCHIVE_INDEX).write_text(index_text + "\n", encoding="utf-8")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and write the archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of submissions")
    parser.add_argument("--years", default="2005-2024", help="a year or a range, e.g. 2005-2024")
    parser.add_argument("--pdf-share", type=float, default=0.3, help="share of submissions sent as PDF")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = make_archive(args.count, parse_years(args.years), args.pdf_share, args.seed, args.out)
    pages = sum(r["pages"] for r in rows)
    print(f"{len(rows)} submissions, {pages} pages -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
