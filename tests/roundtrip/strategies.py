"""Hypothesis strategies for report specs the rules read unambiguously.

Texts come from a fixed Spanish vocabulary: every activity is a sentence of at least 12 words,
upper-case first letter, lower-case words after it, a final "." and no ":" or ";" (so it is
never title-like, never an open enumeration); headings are short upper-case titles with ":".
An item after a headed item either keeps a heading or starts with "NN." (which ends a heading).
"""

from __future__ import annotations

from hypothesis import strategies as st

from .model import (
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

OPENERS = (
    "Se realizaron",
    "Se organizaron",
    "La oficina apoyó",
    "Se brindaron",
    "Se elaboraron",
    "Se coordinaron",
    "Se impulsaron",
    "Se llevaron a cabo",
)
OBJECTS = (
    "talleres de capacitación",
    "campañas de información",
    "reuniones técnicas",
    "estudios de diagnóstico",
    "mesas de trabajo",
    "jornadas de sensibilización",
)
TOPICS = (
    "sobre trata de personas",
    "sobre migración laboral",
    "sobre retorno voluntario",
    "sobre los derechos de los migrantes",
    "sobre salud de las familias migrantes",
)
AUDIENCES = (
    "con funcionarios públicos",
    "con organizaciones de la sociedad civil",
    "con autoridades locales y nacionales",
    "con comunidades de acogida",
)
PLACES = (
    "en las zonas de frontera",
    "en la capital y en tres provincias",
    "en coordinación con el gobierno nacional",
    "durante el primer semestre del año",
    "con el apoyo de la cooperación internacional",
)
HEADINGS = (
    "CAMPAÑA DE INFORMACIÓN",
    "FORTALECIMIENTO INSTITUCIONAL",
    "TRATA DE PERSONAS",
    "MIGRACIÓN LABORAL",
    "ASISTENCIA A MIGRANTES",
    "RETORNO VOLUNTARIO",
)
PRIORITIES = (
    "Fortalecer la gobernanza de la migración en la región.",
    "Proteger los derechos humanos de los migrantes y sus familias.",
    "Combatir la trata y el tráfico ilícito de personas.",
    "Promover la migración laboral ordenada y segura.",
    "Apoyar el retorno voluntario y la reintegración de los migrantes.",
    "Mejorar la salud de las poblaciones móviles.",
)
REGIONAL_PLACES = ("Washington, D.C.", "Buenos Aires", "San José")
MIN_BREAK = 9  # a first fragment of 8 words or fewer would be title-like (rules: heading c)


def sentences() -> st.SearchStrategy[str]:
    """Return a strategy for one activity sentence (12 to 24 words, final ".")."""
    parts = [st.sampled_from(p) for p in (OPENERS, OBJECTS, TOPICS, AUDIENCES, PLACES)]
    return st.tuples(*parts).map(lambda ps: " ".join(ps) + ".")


@st.composite
def activity_items(draw, mandates: tuple[int, ...], priorities: int) -> tuple[ActivityItem, ...]:
    """Return 0-4 activities of one column, headings and references kept readable."""
    texts = draw(st.lists(sentences(), max_size=4, unique=True))
    items: list[ActivityItem] = []
    heading: Heading | None = None
    for text in texts:
        heading = draw(next_heading(heading, mandates))
        own_mandate = None
        if heading is None and mandates and draw(st.booleans()):
            own_mandate = draw(st.sampled_from(mandates))
        if heading is None and items and items[-1].heading is not None:
            if not mandates:
                heading = items[-1].heading
            else:
                own_mandate = own_mandate or draw(st.sampled_from(mandates))
        refs = draw(priority_refs(priorities))
        plain = own_mandate is not None or bool(refs)  # references stand at the head, unbulleted
        after_heading = bool(items) and items[-1].heading is not None
        items.append(
            ActivityItem(
                text=text,
                heading=heading,
                mandate=own_mandate,
                dotted=bool(own_mandate) and not after_heading and draw(st.booleans()),
                priorities=refs,
                marker="none" if plain else draw(st.sampled_from(("none", "word_bullet", "typed_bullet"))),
                break_at=draw(st.one_of(st.none(), st.integers(MIN_BREAK, len(text.split()) - 2))),
            )
        )
    return tuple(items)


def next_heading(current: Heading | None, mandates: tuple[int, ...]) -> st.SearchStrategy:
    """Return a strategy for the heading of the next item: keep, drop or change it."""
    fresh = st.builds(
        Heading, st.sampled_from(HEADINGS), st.sampled_from((None, *mandates)) if mandates else st.none()
    )
    return st.one_of(st.just(current), st.none(), fresh)


def priority_refs(count: int) -> st.SearchStrategy[tuple[int, ...]]:
    """Return a strategy for an item's priority references among 1..count (often none)."""
    if count == 0:
        return st.just(())
    numbers = st.lists(st.integers(1, count), min_size=1, max_size=3, unique=True).map(
        lambda ns: tuple(sorted(ns))
    )
    return st.one_of(st.just(()), st.just(()), numbers)


@st.composite
def office_styles(draw) -> OfficeStyle:
    """Return how an office row is typed."""
    return OfficeStyle(
        program=draw(st.sampled_from(("space", "tight", "alone"))),
        priorities=draw(st.sampled_from(("word_number", "typed_number", "word_bullet", "typed_bullet"))),
        blank_lines=draw(st.booleans()),
        trailing_space=draw(st.booleans()),
        whitespace_tail=draw(st.booleans()),
        continued=draw(st.booleans()),
    )


@st.composite
def offices(draw, organization: str, country: str) -> OfficeSpec:
    """Return one office of `organization`: a country, regional or agency row."""
    kind = draw(st.sampled_from(("country", "country", "country", "bare", "regional", "agency")))
    name, office_id, code = office_naming(draw, kind, organization, country)
    mandates = tuple(sorted(draw(st.sets(st.sampled_from(sorted(catalogue())), max_size=4))))
    count = draw(st.integers(0, 4))
    variant = draw(st.integers(0, 4))  # which priority (if any) this office words differently
    priorities = tuple(
        (n, PRIORITIES[n - 1][:-1] + " en el país." if n == variant else PRIORITIES[n - 1])
        for n in range(1, count + 1)
    )
    return OfficeSpec(
        name=name,
        organization=organization,
        kind="country" if kind == "bare" else kind,
        office_id=office_id,
        country_code=code,
        mandates=mandates,
        priorities=priorities,
        carried_out=draw(activity_items(mandates, count)),
        planned=draw(activity_items(mandates, count)),
        style=draw(office_styles()),
    )


def office_naming(draw, kind: str, organization: str, country: str) -> tuple[str, str, str | None]:
    """Return the written name, the expected office_id and country code of an office."""
    if kind == "regional":
        place = draw(st.sampled_from(REGIONAL_PLACES))
        office_id = f"{organization.lower()}-{slug(place)}"
        return f"Oficina Regional de la {organization} en {place}", office_id, None
    if kind == "agency":
        return f"{organizations()[organization]} ({organization})", organization.lower(), None
    written = draw(st.sampled_from((country, country.upper(), slug(country).replace("-", " ").title())))
    prefix = "Oficina" if kind == "bare" else f"Oficina de la {organization}"
    return f"{prefix} en {written}", f"{organization.lower()}-{slug(country)}", countries()[country]


@st.composite
def reports(draw) -> ReportSpec:
    """Return a report of 1-5 offices in 1-2 groups, every office id distinct."""
    orgs = draw(st.lists(st.sampled_from(sorted(organizations())), min_size=1, max_size=2, unique=True))
    count = draw(st.integers(1, 5))
    places = draw(st.permutations(sorted(countries())))[:count]
    groups, seen = [], set()
    for index, organization in enumerate(orgs):
        mine = places[index :: len(orgs)]
        members = [draw(offices(organization, country)) for country in mine]
        members = [o for o in members if not (o.office_id in seen or seen.add(o.office_id))]
        groups.append(GroupSpec(organization, tuple(members)))
    top_level = len(groups) + sum(len(g.offices) for g in groups)
    style = ReportStyle(
        header=draw(st.integers(0, len(HEADER_VARIANTS) - 1)),
        split_before=draw(st.one_of(st.none(), st.integers(1, max(1, top_level - 1)))),
        repeat_header=draw(st.booleans()),
        symbol_bullets=draw(st.booleans()),
        font_size=draw(st.sampled_from((9, 11, 12))),
    )
    return ReportSpec(year=2010, groups=tuple(groups), style=style)


def sentence_of(opener: int, obj: int, topic: int, audience: int, place: int) -> str:
    """Return the vocabulary sentence picked by the five indexes."""
    return f"{OPENERS[opener]} {OBJECTS[obj]} {TOPICS[topic]} {AUDIENCES[audience]} {PLACES[place]}."


def example_every_feature() -> ReportSpec:
    """Return a fixed report: group row, Word numbers and bullets, headings, merged rows, split."""
    campaign = Heading("CAMPAÑA DE INFORMACIÓN", 68)
    mexico = OfficeSpec(
        name="Oficina de la OIM en MÉXICO",
        organization="OIM",
        kind="country",
        office_id="oim-mexico",
        country_code="MX",
        mandates=(66, 68, 70),
        priorities=tuple((n, PRIORITIES[n - 1]) for n in (1, 2, 3)),
        carried_out=(
            ActivityItem(sentence_of(0, 0, 0, 0, 0), mandate=66, priorities=(1, 2, 3)),
            ActivityItem(sentence_of(1, 1, 1, 1, 1), heading=campaign, marker="word_bullet", break_at=10),
            ActivityItem(sentence_of(2, 2, 2, 2, 2), heading=campaign, marker="typed_bullet"),
            ActivityItem(sentence_of(3, 3, 3, 3, 3), mandate=70),
            ActivityItem(sentence_of(4, 4, 4, 0, 4), priorities=(2,)),
        ),
        planned=(
            ActivityItem(sentence_of(5, 5, 0, 1, 0), marker="word_bullet"),
            ActivityItem(sentence_of(6, 0, 1, 2, 1), marker="word_bullet"),
        ),
        style=OfficeStyle(
            program="space",
            priorities="word_number",
            blank_lines=True,
            trailing_space=True,
            whitespace_tail=True,
            continued=True,
        ),
    )
    peru = OfficeSpec(
        name="Oficina de la OIM en Perú",
        organization="OIM",
        kind="country",
        office_id="oim-peru",
        country_code="PE",
        mandates=(77, 78),
        priorities=((1, PRIORITIES[0]), (2, PRIORITIES[1][:-1] + " en el país.")),
        carried_out=(ActivityItem(sentence_of(7, 1, 2, 3, 4)),),
        style=OfficeStyle(program="alone", priorities="word_number"),
    )
    acnur = OfficeSpec(
        name="Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)",
        organization="ACNUR",
        kind="agency",
        office_id="acnur",
        mandates=(79,),
        style=OfficeStyle(program="tight"),
    )
    groups = (GroupSpec("OIM", (mexico, peru, acnur)),)
    style = ReportStyle(header=0, split_before=2, repeat_header=True)
    return ReportSpec(year=2010, groups=groups, style=style)


def example_drifted_layout() -> ReportSpec:
    """Return a fixed report: drifted header, Symbol bullets, typed lists, "7.2." references,
    a split without header."""
    trafficking = Heading("TRATA DE PERSONAS")
    washington = OfficeSpec(
        name="Oficina Regional de la OIM en Washington, D.C.",
        organization="OIM",
        kind="regional",
        office_id="oim-washington-dc",
        mandates=(72, 75),
        priorities=tuple((n, PRIORITIES[n - 1]) for n in (1, 2, 3, 4)),
        carried_out=(
            ActivityItem(sentence_of(5, 4, 3, 2, 1), mandate=72, dotted=True),
            ActivityItem(sentence_of(0, 3, 0, 1, 2), heading=trafficking, marker="word_bullet"),
            ActivityItem(
                sentence_of(1, 2, 0, 2, 3), heading=trafficking, marker="word_bullet", priorities=()
            ),
            ActivityItem(sentence_of(2, 1, 4, 3, 4), mandate=75, priorities=(4,)),
        ),
        style=OfficeStyle(program="tight", priorities="typed_number"),
    )
    bare = OfficeSpec(
        name="Oficina en Costa Rica",
        organization="OIM",
        kind="country",
        office_id="oim-costa-rica",
        country_code="CR",
        priorities=((1, PRIORITIES[0]), (2, PRIORITIES[4])),
        carried_out=(ActivityItem(sentence_of(6, 5, 4, 3, 2), mandate=74, dotted=True),),
        planned=(ActivityItem(sentence_of(3, 0, 3, 0, 1), marker="typed_bullet", break_at=12),),
        style=OfficeStyle(priorities="word_bullet", blank_lines=True, continued=True),
    )
    ops = OfficeSpec(
        name="Organización Panamericana de la Salud (OPS)",
        organization="OPS",
        kind="agency",
        office_id="ops",
        mandates=(60,),
        priorities=((1, PRIORITIES[5]),),
        carried_out=(ActivityItem(sentence_of(4, 5, 4, 3, 0), mandate=60),),
        style=OfficeStyle(program="alone", priorities="typed_bullet", whitespace_tail=True),
    )
    groups = (GroupSpec("OIM", (washington, bare)), GroupSpec("OPS", (ops,)))
    style = ReportStyle(header=3, split_before=3, repeat_header=False, symbol_bullets=True)
    return ReportSpec(year=2011, groups=groups, style=style)


EXAMPLES = {"every_feature": example_every_feature, "drifted_layout": example_drifted_layout}
