"""The Word XML layer: the namespace map and every element query the Word reader makes.

As python-docx keeps raw XML inside `docx/oxml/`, nothing above this module spells a namespace
or a tag: the readers ask "the rows of this table", "the text of this paragraph". Elements are
python-docx's own oxml elements (parsed with its parser), read through lxml without building
python-docx proxy objects (`_Row`, `_Cell`, `Paragraph`) per cell.

Content wrappers are opened wherever they may stand (around rows, cells, paragraphs and runs):
content controls (`w:sdt`), custom XML and smart tags, tracked insertions and moves-to, and
markup-compatibility choices. Deleted and moved-away text (`w:del`, `w:moveFrom`) is not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import nsmap as DOCX_NSMAP
from lxml import etree

NSMAP = {
    **DOCX_NSMAP,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def qn(tag: str) -> str:
    """Return the Clark name ("{uri}p") of a prefixed tag ("w:p")."""
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def prefixed(tag: str) -> str:
    """Return the prefixed form ("w:p") of a Clark name, or the local name if unknown."""
    uri, _, local = tag.rpartition("}")
    prefix = next((p for p, u in NSMAP.items() if u == uri[1:]), None)
    return f"{prefix}:{local}" if prefix else local


BODY, P, TBL, TR, TC = qn("w:body"), qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
T, TAB, BR, CR, NO_BREAK_HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
R, PPR, TCPR, TRPR = qn("w:r"), qn("w:pPr"), qn("w:tcPr"), qn("w:trPr")
VAL = qn("w:val")
TBL_GRID, GRID_COL, GRID_BEFORE, GRID_SPAN = (
    qn("w:tblGrid"),
    qn("w:gridCol"),
    qn("w:gridBefore"),
    qn("w:gridSpan"),
)
V_MERGE, NUM_PR, NUM_ID, ILVL, P_STYLE = (
    qn("w:vMerge"),
    qn("w:numPr"),
    qn("w:numId"),
    qn("w:ilvl"),
    qn("w:pStyle"),
)
SDT, SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
ALTERNATE_CONTENT, CHOICE, FALLBACK = qn("mc:AlternateContent"), qn("mc:Choice"), qn("mc:Fallback")
# Wrappers whose children are content of the element around them.
TRANSPARENT = frozenset({qn("w:customXml"), qn("w:smartTag"), qn("w:ins"), qn("w:moveTo")})
# Text that is not in the document any more (moved away), or a second copy (mc:Fallback).
NOT_READ = frozenset({qn("w:del"), qn("w:moveFrom"), FALLBACK})
TEXT_TAGS = (T, TAB, BR, CR, NO_BREAK_HYPHEN)
TEXT_FOR_TAG = {BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "-"}

# Every paragraph the reader must account for under a table: not deleted or moved away, not a
# second copy, and not inside a text box (a text box's text is part of its anchor paragraph).
_READ_PARAGRAPHS_XPATH = (
    ".//w:p[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
    " or ancestor::mc:Fallback[../mc:Choice])]"
)
read_paragraphs = etree.XPath(_READ_PARAGRAPHS_XPATH, namespaces=NSMAP)
count_read_paragraphs = etree.XPath(f"count({_READ_PARAGRAPHS_XPATH})", namespaces=NSMAP)


# --- wrappers --------------------------------------------------------------------------------


def _opened(wrapper: etree._Element) -> etree._Element | None:
    """Return the element whose children are the wrapper's content, or None when not a wrapper."""
    tag = wrapper.tag
    if tag in TRANSPARENT:
        return wrapper
    if tag == SDT:
        return wrapper.find(SDT_CONTENT)
    if tag == ALTERNATE_CONTENT:
        choice = wrapper.find(CHOICE)
        return choice if choice is not None else wrapper.find(FALLBACK)
    return None


def children_of(parent: etree._Element, wanted: frozenset[str]) -> Iterator[etree._Element]:
    """Yield the children of `parent` whose tag is in `wanted`, looking inside wrappers."""
    for child in parent:
        if child.tag in wanted:
            yield child
        else:
            content = _opened(child)
            if content is not None:
                yield from children_of(content, wanted)


_BLOCKS = frozenset({P, TBL})
_ROWS = frozenset({TR})
_CELLS = frozenset({TC})


def body_of(document: etree._Element) -> etree._Element:
    """Return the `w:body` of a `w:document` (an empty one when it has none)."""
    body = document.find(BODY)
    return body if body is not None else etree.Element(BODY)


def blocks_of(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of a body or cell, in order."""
    return children_of(parent, _BLOCKS)


def rows_of(tbl: etree._Element) -> Iterator[etree._Element]:
    """Yield the rows of a table, in order."""
    return children_of(tbl, _ROWS)


def cells_of(tr: etree._Element) -> Iterator[etree._Element]:
    """Yield the cells of a row, in order."""
    return children_of(tr, _CELLS)


def is_table(el: etree._Element) -> bool:
    """True when `el` is a table (`w:tbl`)."""
    return bool(el.tag == TBL)


# --- table, row and cell properties ----------------------------------------------------------


def _int_val(el: etree._Element | None, default: int) -> int:
    """Return the w:val of `el` as an int, or `default` when missing or malformed."""
    value = None if el is None else el.get(VAL)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def grid_column_count(tbl: etree._Element) -> int:
    """Return the number of grid columns the table declares (`w:tblGrid/w:gridCol`)."""
    grid = tbl.find(TBL_GRID)
    return 0 if grid is None else len(grid.findall(GRID_COL))


def grid_before(tr: etree._Element) -> int:
    """Return the number of grid columns skipped before the row's first cell."""
    trpr = tr.find(TRPR)
    return 0 if trpr is None else max(_int_val(trpr.find(GRID_BEFORE), 0), 0)


def grid_span(tc: etree._Element) -> int:
    """Return the number of grid columns the cell spans (at least 1)."""
    tcpr = tc.find(TCPR)
    return 1 if tcpr is None else max(_int_val(tcpr.find(GRID_SPAN), 1), 1)


def vertical_merge(tc: etree._Element) -> str | None:
    """Return "restart" or "continue" for a vertically merged cell, else None."""
    tcpr = tc.find(TCPR)
    merge = None if tcpr is None else tcpr.find(V_MERGE)
    return None if merge is None else merge.get(VAL, "continue")


def row_of(el: etree._Element, tbl: etree._Element) -> etree._Element | None:
    """Return the row of `tbl` (not of a nested table) that holds `el`, or None."""
    return _owner(el, TR, tbl)


def cell_of(el: etree._Element, tbl: etree._Element) -> etree._Element | None:
    """Return the cell of `tbl` (not of a nested table) that holds `el`, or None."""
    return _owner(el, TC, tbl)


def _owner(el: etree._Element, tag: str, tbl: etree._Element) -> etree._Element | None:
    """Return the outermost ancestor of `el` tagged `tag` below `tbl`, or None."""
    found = None
    for ancestor in el.iterancestors():
        if ancestor is tbl:
            return found
        if ancestor.tag == tag:
            found = ancestor
    return None


def unknown_container(el: etree._Element, tbl: etree._Element) -> etree._Element:
    """Return the outermost element between `el` and `tbl` that is no table part or wrapper.

    That is the structure that hid `el` from the reader; its parent when there is none.
    """
    known = {P, TBL, TR, TC, SDT, SDT_CONTENT, ALTERNATE_CONTENT, CHOICE, *TRANSPARENT}
    found = el.getparent()
    for ancestor in el.iterancestors():
        if ancestor is tbl:
            break
        if ancestor.tag not in known:
            found = ancestor
    return found


def own_rows(tbl: etree._Element) -> list[etree._Element]:
    """Return every row of `tbl` in document order, wherever wrapped, not nested tables' rows."""
    return [tr for tr in tbl.iter(TR) if _owner(tr, TBL, tbl) is None]


def own_cells(tr: etree._Element) -> list[etree._Element]:
    """Return every cell of `tr` in document order, wherever wrapped, not nested tables' cells."""
    return [tc for tc in tr.iter(TC) if _owner(tc, TR, tr) is None]


# --- paragraphs ------------------------------------------------------------------------------


def paragraph_text(p: etree._Element) -> str:
    """Return the text of paragraph `p`: runs wherever wrapped, tabs and breaks as characters."""
    out: list[str] = []
    for el in p.iter(*TEXT_TAGS, *NOT_READ):
        tag = el.tag
        if tag == T:
            out.append(el.text or "")
        elif tag in NOT_READ:  # rare: read again, leaving out what lies inside
            return _text_of([e for e in p.iter(*TEXT_TAGS) if not _inside_not_read(e, p)])
        elif tag == TAB:
            parent = el.getparent()
            if parent is not None and parent.tag == R:  # not a tab stop of the paragraph style
                out.append("\t")
        else:
            out.append(TEXT_FOR_TAG[tag])
    return "".join(out)


def _text_of(items: list[etree._Element]) -> str:
    """Return the text of the run elements `items` (w:t, w:tab, w:br, ...), in order."""
    out: list[str] = []
    for el in items:
        tag = el.tag
        if tag == T:
            out.append(el.text or "")
        elif tag == TAB:
            parent = el.getparent()
            if parent is not None and parent.tag == R:
                out.append("\t")
        else:
            out.append(TEXT_FOR_TAG[tag])
    return "".join(out)


def _inside_not_read(el: etree._Element, p: etree._Element) -> bool:
    """True when `el` sits in deleted, moved-away or fallback content below paragraph `p`."""
    for ancestor in el.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in NOT_READ:
            return True
    return False


def paragraph_numbering(p: etree._Element) -> tuple[str | None, str | None, str | None] | None:
    """Return the paragraph's (numId, ilvl, style id), or None when it has no properties."""
    ppr = p.find(PPR)
    if ppr is None:
        return None
    return _numbering_of(ppr) + (_val(ppr.find(P_STYLE)),)


def _numbering_of(ppr: etree._Element) -> tuple[str | None, str | None]:
    """Return the (numId, ilvl) of paragraph properties `ppr`, each None when absent."""
    num_pr = ppr.find(NUM_PR)
    if num_pr is None:
        return None, None
    return _val(num_pr.find(NUM_ID)), _val(num_pr.find(ILVL))


def _val(el: etree._Element | None) -> str | None:
    """Return the w:val of `el`, or None."""
    return None if el is None else el.get(VAL)


# --- numbering.xml and styles.xml ------------------------------------------------------------


def abstract_numberings(numbering: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """Yield (abstractNumId, w:abstractNum) of numbering.xml."""
    for an in numbering.iterfind(qn("w:abstractNum")):
        yield an.get(qn("w:abstractNumId")) or "", an


def levels_of(abstract: etree._Element) -> Iterator[tuple[str | None, str | None, str | None, str | None]]:
    """Yield (ilvl, start, numFmt, lvlText) of each level of a `w:abstractNum`."""
    for lvl in abstract.iterfind(qn("w:lvl")):
        yield (
            lvl.get(qn("w:ilvl")),
            _val(lvl.find(qn("w:start"))),
            _val(lvl.find(qn("w:numFmt"))),
            _val(lvl.find(qn("w:lvlText"))),
        )


def numberings(numbering: etree._Element) -> Iterator[tuple[str, str, list[tuple[str | None, str | None]]]]:
    """Yield (numId, abstractNumId, [(ilvl, startOverride)]) of each `w:num` of numbering.xml."""
    for num in numbering.iterfind(qn("w:num")):
        overrides = [
            (o.get(qn("w:ilvl")), _val(o.find(qn("w:startOverride"))))
            for o in num.iterfind(qn("w:lvlOverride"))
        ]
        yield num.get(qn("w:numId")) or "", _val(num.find(qn("w:abstractNumId"))) or "", overrides


def styles_of(styles: etree._Element) -> Iterator[tuple[str | None, str | None, str | None, str | None]]:
    """Yield (styleId, basedOn, numId, ilvl) of each `w:style` of styles.xml."""
    for style in styles.iterfind(qn("w:style")):
        ppr = style.find(PPR)
        num_id, ilvl = (None, None) if ppr is None else _numbering_of(ppr)
        yield style.get(qn("w:styleId")), _val(style.find(qn("w:basedOn"))), num_id, ilvl


# --- the package: content types and relationships --------------------------------------------


def content_types(types: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """Return ({extension: type}, {partname: type}) of [Content_Types].xml, keys lower-cased."""
    defaults = {
        (d.get("Extension") or "").lower(): d.get("ContentType") or ""
        for d in types.iterfind(qn("ct:Default"))
    }
    overrides = {
        (o.get("PartName") or "").lower(): o.get("ContentType") or ""
        for o in types.iterfind(qn("ct:Override"))
    }
    return defaults, overrides


def relationships(rels: etree._Element) -> Iterator[tuple[str, str, bool]]:
    """Yield (type, target, external) of each relationship of a .rels part."""
    for rel in rels.iterfind(qn("pr:Relationship")):
        yield rel.get("Type") or "", rel.get("Target") or "", rel.get("TargetMode") == "External"
