"""Given a report spec, return the normalized records docs/rules.md says it becomes.

Records are plain dicts of the columns compared (provenance left out); activities are keyed by
(office_id, section, seq) so that a difference reads in the report's own terms.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from .model import (
    ActivityItem,
    Heading,
    OfficeSpec,
    Para,
    ReportSpec,
    catalogue,
    header_paragraphs,
    mandate_ref,
    office_cells,
    organizations,
    priority_ref,
)

SECTIONS = ("carried_out", "planned")


def fold(text: str) -> str:
    """Return `text` with every run of white space as one space, trimmed."""
    return " ".join(text.replace("\u00a0", " ").split())


def expected_offices(report: ReportSpec) -> list[dict]:
    """Return the offices table: one record per office row, in document order."""
    return [
        {
            "report_year": report.year,
            "office_id": o.office_id,
            "name": fold(o.name),
            "organization": o.organization,
            "organization_name": organizations()[o.organization],
            "country_code": o.country_code,
            "office_kind": o.kind,
        }
        for o in report.offices()
    ]


def written_mandates(office: OfficeSpec) -> list[tuple[str, str | None, int, str]]:
    """Return (mandate_id, organization, number, text) of each mandate written in the row."""
    program = [(f"program:{n}", None, n, fold(catalogue()[n])) for n in office.mandates]
    own = [
        (f"institutional:{office.organization}:{n}", office.organization, n, fold(t))
        for n, t in office.priorities
    ]
    return program + own


def expected_mandates(report: ReportSpec) -> list[dict]:
    """Return the mandates table sorted by id: one record per mandate, variants counted."""
    texts: dict[str, list[str]] = {}
    info: dict[str, tuple[str | None, int]] = {}
    for office in report.offices():
        for mandate_id, organization, number, text in written_mandates(office):
            texts.setdefault(mandate_id, []).append(text)
            info[mandate_id] = (organization, number)
    return [
        {
            "report_year": report.year,
            "mandate_id": mandate_id,
            "scheme": mandate_id.split(":")[0],
            "organization": info[mandate_id][0],
            "number": info[mandate_id][1],
            "text": most_frequent(texts[mandate_id]),
            "variant_count": len(set(texts[mandate_id])),
            "occurrence_count": len(texts[mandate_id]),
        }
        for mandate_id in sorted(texts)
    ]


def most_frequent(variants: list[str]) -> str:
    """Return the most frequent of `variants`, the first seen on a tie."""
    counts = Counter(variants)
    return max(dict.fromkeys(variants), key=lambda v: counts[v])


def expected_office_mandates(report: ReportSpec) -> set[tuple[str, str]]:
    """Return the (office_id, mandate_id) assignments."""
    return {(o.office_id, m[0]) for o in report.offices() for m in written_mandates(o)}


def expected_activities(report: ReportSpec) -> list[dict]:
    """Return the activities table ordered by office, section and seq."""
    out = []
    for office in report.offices():
        for section in SECTIONS:
            items = getattr(office, section)
            for seq, (item, heading) in enumerate(zip(items, headings_read(items), strict=True), start=1):
                out.append(
                    {
                        "report_year": report.year,
                        "office_id": office.office_id,
                        "section": section,
                        "seq": seq,
                        "heading": heading.title if heading else None,
                        "text": fold(item_text(office, item)),
                    }
                )
    return out


def item_text(office: OfficeSpec, item: ActivityItem) -> str:
    """Return an item's text: its sentence, or, after a dotted reference to a mandate the
    office does not have, the reference and the sentence (nothing is linked, nothing dropped)."""
    if item.mandate and item.dotted and item.mandate not in office.mandates:
        priorities = f"{priority_ref(item.priorities)} " if item.priorities else ""
        return f"{mandate_ref(item.mandate, True)} {priorities}{item.text}"
    return item.text


def activity_id(year: int, office_id: str, section: str, text: str) -> str:
    """Return the activity id the rules define: sha256 of "year|office|section|text", 16 hex."""
    return hashlib.sha256(f"{year}|{office_id}|{section}|{text}".encode()).hexdigest()[:16]


def expected_activity_mandates(report: ReportSpec) -> set[tuple]:
    """Return (office_id, section, seq, mandate_id, link, score) of every activity link."""
    out = set()
    for office in report.offices():
        for section in SECTIONS:
            items = getattr(office, section)
            for seq, (item, heading) in enumerate(zip(items, headings_read(items), strict=True), start=1):
                key = (office.office_id, section, seq)
                out |= {(*key, *link) for link in item_links(office, item, heading)}
    return out


def marker_kind(item: ActivityItem) -> str:
    """Return the marker kind a reader sees at the head of an item (docs/rules.md, markers)."""
    if item.marker != "none":
        return "bullet"
    if item.mandate:
        return "dotted" if item.dotted else "mandate"
    return "priority" if item.priorities else "none"


def headings_read(items: tuple[ActivityItem, ...]) -> list[Heading | None]:
    """Return the heading each item is read under: the written one, while its list goes on.

    A heading's list ends at an item of another marker kind than its first item (docs/rules.md,
    "Where a list ends"); the items after it have no heading until the next one is written.
    """
    out: list[Heading | None] = []
    written, current, kind = None, None, None
    for item in items:
        if item.heading is not None and item.heading != written:
            current, kind = item.heading, None  # the heading paragraph is written here
        written = item.heading
        if current is not None and kind is not None and marker_kind(item) != kind:
            current = None
        if current is not None and kind is None:
            kind = marker_kind(item)
        out.append(current if item.heading is not None else None)
    return out


def item_links(
    office: OfficeSpec, item: ActivityItem, heading: Heading | None = None
) -> set[tuple[str, str, float]]:
    """Return (mandate_id, link, score) of an item's "NN.", "N.N.", heading's "NN.", "(1-3)".

    A dotted "7.0." is repaired to 70 only when 70 is written in the office's column 2.
    """
    links = {(f"institutional:{office.organization}:{p}", "explicit", 1.0) for p in item.priorities}
    if heading and heading.mandate:
        links.add((f"program:{heading.mandate}", "explicit", 1.0))
    if item.mandate and not item.dotted:
        links.add((f"program:{item.mandate}", "explicit", 1.0))
    elif item.mandate and item.mandate in office.mandates:
        links.add((f"program:{item.mandate}", "repaired", 0.9))
    return links


def expected_lineage(report: ReportSpec, header_rows: int | None) -> Counter:
    """Return a multiset of (disposition, folded text) over every paragraph with a character.

    `header_rows` is the number of header rows written. None is for a PDF: it repeats the
    header on every page and prints no white-space paragraph, so both are left out.
    """
    paras: list[Para] = []
    if header_rows:
        paras += [p for cell in header_paragraphs(report.style) for p in cell] * header_rows
    for group in report.groups:
        paras.append(Para(group.written(), "group"))
        for office in group.offices:
            paras += [p for cell in office_cells(office) for p in cell]
    printed = [p for p in paras if p.full_text and (header_rows or p.full_text.strip())]
    return Counter((p.disposition, fold(p.full_text)) for p in printed)


def docx_header_rows(report: ReportSpec) -> int:
    """Return how many header rows the Word writer puts in the document."""
    split = report.style.split_before
    top_level = len(report.groups) + len(report.offices())
    second = split is not None and split < top_level and report.style.repeat_header
    return 2 if second else 1


def observed(report, lineage_headers: bool = True) -> dict:
    """Return a NormalizedReport's tables in the shapes the `expected_*` functions return."""
    seq_of = {a.activity_id: (a.office_id, a.section, a.seq) for a in report.activities}
    lineage = Counter(
        (r.disposition, fold(r.text)) for r in report.lineage if lineage_headers or r.disposition != "header"
    )
    return {
        "offices": [_pick(o, OFFICE_COLUMNS) for o in report.offices],
        "mandates": sorted(
            (_pick(m, MANDATE_COLUMNS) for m in report.mandates), key=lambda m: m["mandate_id"]
        ),
        "office_mandates": {(m.office_id, m.mandate_id) for m in report.office_mandates},
        "activities": sorted(
            (_pick(a, ACTIVITY_COLUMNS) for a in report.activities),
            key=lambda a: (a["office_id"], SECTIONS.index(a["section"]), a["seq"]),
        ),
        "activity_mandates": {
            (*seq_of.get(m.activity_id, (m.activity_id,)), m.mandate_id, m.link, m.score)
            for m in report.activity_mandates
        },
        "lineage": lineage,
    }


def expected(spec: ReportSpec, header_rows: int | None) -> dict:
    """Return every expected table of `spec` in the shapes `observed` returns."""
    order = {o.office_id: i for i, o in enumerate(spec.offices())}
    activities = sorted(
        expected_activities(spec), key=lambda a: (a["office_id"], SECTIONS.index(a["section"]), a["seq"])
    )
    assert len(order) == len(spec.offices()), "office ids of a spec must be distinct"
    return {
        "offices": expected_offices(spec),
        "mandates": expected_mandates(spec),
        "office_mandates": expected_office_mandates(spec),
        "activities": activities,
        "activity_mandates": expected_activity_mandates(spec),
        "lineage": expected_lineage(spec, header_rows),
    }


def assert_report_matches(spec: ReportSpec, report, header_rows: int | None) -> None:
    """Assert each table of `report` equals what the rules derive from `spec`, ids included.

    `header_rows` as for `expected_lineage`; for a PDF (None) lineage is compared word by word.
    """
    got, want = observed(report, lineage_headers=header_rows is not None), expected(spec, header_rows)
    if header_rows is None:
        got["lineage"], want["lineage"] = lineage_words(got["lineage"]), lineage_words(want["lineage"])
    for table in want:
        missing = [row for row in want[table] if row not in got[table]]
        extra = [row for row in got[table] if row not in want[table]]
        assert got[table] == want[table], f"{table}: expected, not read {missing}; read, not expected {extra}"
    for a in report.activities:
        assert a.activity_id == activity_id(spec.year, a.office_id, a.section, a.text)


def _pick(record, columns: tuple[str, ...]) -> dict:
    """Return the `columns` of a pydantic record as a dict."""
    return {c: getattr(record, c) for c in columns}


OFFICE_COLUMNS = (
    "report_year",
    "office_id",
    "name",
    "organization",
    "organization_name",
    "country_code",
    "office_kind",
)
MANDATE_COLUMNS = (
    "report_year",
    "mandate_id",
    "scheme",
    "organization",
    "number",
    "text",
    "variant_count",
    "occurrence_count",
)
ACTIVITY_COLUMNS = ("report_year", "office_id", "section", "seq", "heading", "text")


def lineage_words(lineage: Counter) -> Counter:
    """Return a lineage multiset as (disposition, word) pairs: blind to paragraph boundaries.

    A PDF shows a paragraph break only as a wider gap between lines; where the extractor reads
    two paragraphs as one, the words and what they became must still agree.
    """
    words: Counter = Counter()
    for (disposition, text), count in lineage.items():
        for word in text.split():
            words[(disposition, word)] += count
    return words
