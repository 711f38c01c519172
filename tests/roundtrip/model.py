"""A tiny spec of a report table, and the paragraphs each of its cells is written as.

`ReportSpec` says what the report means (offices, mandates, priorities, activities) and, in the
`*Style` fields, how it is typed (list styles, blank lines, merged rows, split tables). The
writers (`write_docx`, `write_pdf`) lay out the paragraphs `cell_paragraphs` returns; the
expectations (`expected`) are computed from the spec alone, following docs/rules.md.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

Disposition = Literal["header", "group", "office", "mandate", "activity", "heading", "empty"]
OfficeKind = Literal["country", "regional", "agency"]
ProgramStyle = Literal["space", "tight", "alone"]
PriorityStyle = Literal["word_number", "typed_number", "word_bullet", "typed_bullet"]
ItemMarker = Literal["none", "word_bullet", "typed_bullet"]
COLUMNS = 5
WORD_BULLET = "•"  # the label the extractor renders for a Word bullet (Symbol U+F0B7 included)
TYPED_BULLET = "· "

HEADER_VARIANTS: tuple[tuple[str, ...], ...] = (
    (
        "Organismo / Oficina",
        "Mandatos del Programa Interamericano",
        "Mandatos institucionales / prioridades",
        "Actividades realizadas",
        "Actividades previstas / observaciones",
    ),
    (
        "ORGANISMO / OFICINA",
        "MANDATOS DEL PROGRAMA INTERAMERICANO",
        "MANDATOS INSTITUCIONALES / PRIORIDADES",
        "ACTIVIDADES REALIZADAS",
        "ACTIVIDADES PREVISTAS / OBSERVACIONES",
    ),
    (
        "Organismo/Oficina",
        "Mandato del Programa Interamericano",
        "Mandato institucional / prioridad",
        "Actividad realizada",
        "Actividad prevista / observacion",
    ),
    (
        "Oficina",
        "Mandatos del Programa Interamericano 2010",
        "Prioridades institucionales",
        "Actividades realizadas en 2010",
        "Actividades previstas para 2011",
    ),
)


@cache
def load_data(name: str) -> Any:
    """Return the parsed reference data file `name` of the package (e.g. "countries.json")."""
    return json.loads(resources.files("mandate_etl.data").joinpath(name).read_text("utf-8"))


def catalogue() -> dict[int, str]:
    """Return the Program catalogue: mandate number -> text."""
    return {m["number"]: m["text"] for m in load_data("program_mandates.json")["mandates"]}


def countries() -> dict[str, str]:
    """Return the catalogue's country names -> ISO alpha-2 codes."""
    return {c["name"]: c["code"] for c in load_data("countries.json")["countries"]}


def organizations() -> dict[str, str]:
    """Return organization acronyms -> full names."""
    return {o["acronym"]: o["name"] for o in load_data("organizations.json")["organizations"]}


def slug(text: str) -> str:
    """Return the lower-case ASCII slug of `text` ("Washington, D.C." -> "washington-dc")."""
    ascii_text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower().replace(".", ""))
    return "-".join(part for part in out.split("-") if part)


@dataclass(frozen=True)
class Heading:
    """A title over activity items ("CAMPAÑA DE INFORMACIÓN"), optionally with "66." before it."""

    title: str
    mandate: int | None = None

    def written(self) -> str:
        """Return the heading paragraph as typed: reference, title and a colon."""
        ref = f"{self.mandate}. " if self.mandate else ""
        return f"{ref}{self.title}:"


@dataclass(frozen=True)
class ActivityItem:
    """One activity: a sentence, its heading, its explicit mandate and priority references."""

    text: str
    heading: Heading | None = None
    mandate: int | None = None
    priorities: tuple[int, ...] = ()
    marker: ItemMarker = "none"
    break_at: int | None = None  # split the sentence into two paragraphs before this word
    dotted: bool = False  # the mandate written "7.0." for 70 (a typo the rules repair)


@dataclass(frozen=True)
class OfficeStyle:
    """How one office row is typed."""

    program: ProgramStyle = "space"
    priorities: PriorityStyle = "word_number"
    blank_lines: bool = False  # an empty paragraph after every item
    trailing_space: bool = False  # mandate and priority paragraphs end with a space
    whitespace_tail: bool = False  # column 5 ends with a paragraph holding one space
    continued: bool = False  # Word: the row goes on in a second row under a merged office cell


@dataclass(frozen=True)
class OfficeSpec:
    """One office row: who reports, what is assigned, and what was done and planned."""

    name: str
    organization: str
    kind: OfficeKind
    office_id: str
    country_code: str | None = None
    mandates: tuple[int, ...] = ()
    priorities: tuple[tuple[int, str], ...] = ()
    carried_out: tuple[ActivityItem, ...] = ()
    planned: tuple[ActivityItem, ...] = ()
    style: OfficeStyle = field(default_factory=OfficeStyle)


@dataclass(frozen=True)
class GroupSpec:
    """A group row naming an organization, and the office rows under it."""

    organization: str
    offices: tuple[OfficeSpec, ...]

    def written(self) -> str:
        """Return the group row's text: full name and acronym in parentheses."""
        return f"{organizations()[self.organization]} ({self.organization})"


@dataclass(frozen=True)
class ReportStyle:
    """How the whole table is typed."""

    header: int = 0  # index in HEADER_VARIANTS
    split_before: int | None = None  # Word: a second table starts at this top-level row (>= 1)
    repeat_header: bool = True  # the second table starts with the header row again
    symbol_bullets: bool = False  # Word bullets drawn with Symbol U+F0B7 instead of "•"
    font_size: int = 9  # PDF body text (9-12 pt): a larger size breaks more rows across pages
    office_twips: int | None = None  # PDF: a narrower office column, whose long words are cut


@dataclass(frozen=True)
class ReportSpec:
    """A report table of one year."""

    year: int
    groups: tuple[GroupSpec, ...]
    style: ReportStyle = field(default_factory=ReportStyle)

    def offices(self) -> tuple[OfficeSpec, ...]:
        """Return every office in document order."""
        return tuple(o for g in self.groups for o in g.offices)


@dataclass(frozen=True)
class Para:
    """One paragraph to write: its text, its Word list label ("1)", "•") and what it becomes."""

    text: str
    disposition: Disposition | None
    label: str | None = None

    @property
    def full_text(self) -> str:
        """Return the paragraph as a reader sees it: label, a space, then the text."""
        return f"{self.label} {self.text}" if self.label else self.text


def header_paragraphs(style: ReportStyle) -> tuple[tuple[Para, ...], ...]:
    """Return the header row's cells."""
    return tuple((Para(text, "header"),) for text in HEADER_VARIANTS[style.header])


def office_cells(office: OfficeSpec) -> tuple[list[Para], ...]:
    """Return the five cells of an office row as paragraph lists (an empty cell is [])."""
    return (
        [Para(office.name, "office")],
        program_paragraphs(office),
        priority_paragraphs(office),
        activity_paragraphs(office.carried_out, office.style),
        activity_paragraphs(office.planned, office.style) + _tail(office.style),
    )


def _tail(style: OfficeStyle) -> list[Para]:
    """Return the whitespace-only paragraph some cells end with."""
    return [Para(" ", "empty")] if style.whitespace_tail else []


def program_paragraphs(office: OfficeSpec) -> list[Para]:
    """Return column 2: "66. Establecer …", "70.Promover …" or "77." then the text."""
    texts = catalogue()
    space = " " if office.style.trailing_space else ""
    out: list[Para] = []
    for number in office.mandates:
        text = texts[number] + space
        if office.style.program == "alone":
            out += [Para(f"{number}.", "mandate"), Para(text, "mandate")]
        else:
            gap = "" if office.style.program == "tight" else " "
            out.append(Para(f"{number}.{gap}{text}", "mandate"))
        out += _blank(office.style)
    return out


def _blank(style: OfficeStyle) -> list[Para]:
    """Return the empty paragraph written between items, when the style asks for one."""
    return [Para("", None)] if style.blank_lines else []


def priority_paragraphs(office: OfficeSpec) -> list[Para]:
    """Return column 3: numbered (Word or typed) or bulleted (Word or typed) priorities."""
    style = office.style.priorities
    space = " " if office.style.trailing_space else ""
    out: list[Para] = []
    for number, text in office.priorities:
        if style == "word_number":
            out.append(Para(text + space, "mandate", label=f"{number})"))
        elif style == "typed_number":
            out.append(Para(f"{number}) {text}{space}", "mandate"))
        elif style == "word_bullet":
            out.append(Para(text + space, "mandate", label=WORD_BULLET))
        else:
            out.append(Para(f"{TYPED_BULLET}{text}{space}", "mandate"))
        out += _blank(office.style)
    return out


def activity_paragraphs(items: tuple[ActivityItem, ...], style: OfficeStyle) -> list[Para]:
    """Return an activity column: headings when they change, then each item's paragraphs."""
    out: list[Para] = []
    heading: Heading | None = None
    for item in items:
        if item.heading is not None and item.heading != heading:
            out.append(Para(item.heading.written(), "heading"))
        heading = item.heading
        out += item_paragraphs(item) + _blank(style)
    return out


def item_paragraphs(item: ActivityItem) -> list[Para]:
    """Return one activity's paragraphs: marker and references, then the (broken) sentence."""
    prefix = f"{mandate_ref(item.mandate, item.dotted)} " if item.mandate else ""
    if item.priorities:
        prefix += f"{priority_ref(item.priorities)} "
    label = WORD_BULLET if item.marker == "word_bullet" else None
    if item.marker == "typed_bullet":
        prefix = TYPED_BULLET + prefix
    words = item.text.split(" ")
    if item.break_at is None:
        return [Para(prefix + item.text, "activity", label)]
    head, tail = " ".join(words[: item.break_at]), " ".join(words[item.break_at :])
    return [Para(prefix + head, "activity", label), Para(tail, "activity")]


def mandate_ref(number: int, dotted: bool) -> str:
    """Return a mandate reference as typed: "66." or, dotted, "6.6." for 66."""
    return f"{number // 10}.{number % 10}." if dotted else f"{number}."


def priority_ref(numbers: tuple[int, ...]) -> str:
    """Return priority references as typed: "(3)", "(1-4)" for a run, "(2,5)" otherwise."""
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"({numbers[0]}-{numbers[-1]})"
    return "(" + ",".join(str(n) for n in numbers) + ")"
