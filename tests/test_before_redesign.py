"""The 2010 Word and PDF runs write the same tables as before the normalize redesign.

A regression check against tests/fixtures/before_redesign/ (see its README): every column that
existed then is equal, row by row; the lineage as a set of rows (its order is now document order).

Except the changes issue 10 made on purpose ("items as a reader counts them", docs/rules.md),
declared below one by one with the reason: the fixture stays what the pipeline wrote before, and
this test states exactly how the tables differ from it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import REPO_ROOT

BEFORE = REPO_ROOT / "tests" / "fixtures" / "before_redesign"
TABLES = ("offices", "mandates", "office_mandates", "activities", "activity_mandates", "lineage")
UNORDERED = {"lineage"}


@pytest.fixture(scope="module", params=["docx", "pdf"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Return (format, output folder) of `mandate-etl extract` run on the 2010 file."""
    fmt = request.param
    out = tmp_path_factory.mktemp(f"out-{fmt}")
    source = Path("raw") / "2010" / f"informe-organismos-2010.{fmt}"
    subprocess.run(
        # the tables before the redesign hold the links written in the report: no inferred ones
        [sys.executable, "-m", "mandate_etl", "extract", str(source), "--out", str(out), "--year", "2010"]
        + ["--no-infer"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    return fmt, out


def _comparable(frame: pd.DataFrame, columns: list[str], ordered: bool) -> pd.DataFrame:
    """Return `frame` restricted to `columns`, sorted by all of them when order does not count."""
    frame = frame[columns]
    if not ordered:
        frame = frame.sort_values(columns, na_position="first")
    return frame.reset_index(drop=True)


# Issue 10: (office_id, section, start of the text before) -> the texts after, and why.
ACTIVITIES_CHANGED: dict[tuple[str, str, str], tuple[tuple[str, ...], str]] = {
    ("acnur", "carried_out", "Algunas de las actividades más importantes"): (
        (),
        "a lead-in before a '·' list: its items' lead_in, no activity (seed l.485)",
    ),
    ("oim-colombia", "planned", "Apoyo técnico a las autoridades departamentales"): (
        (),
        "a lead-in before the three '·' axes: their lead_in, no activity (seed l.317)",
    ),
    ("oim-colombia", "planned", "Adelantar proyecto que promuevan"): (
        ("Adelantar proyecto que promuevan", "Replicar programas de retorno"),
        "'7)' is the next number of the cell's 1)-6) list: two items, each with its characters (seed l.288)",
    ),
    ("oim-colombia", "carried_out", "Difusión a través de:"): (
        ("Difusión a través de: Alianza con RCN y Caracol; Alianza con la CNT; Comités",),
        "sub-items joined by '; ' (seed l.230-241)",
    ),
    ("oim-colombia", "carried_out", "OIM Colombia adelantó programas"): (
        ("OIM Colombia adelantó programas",),
        "the lines of an open enumeration joined by '; ' (seed l.271-277)",
    ),
}
HEADING_CHANGED = {
    (
        "acnur",
        "planned",
        "El creciente reconocimiento",
    ): "a plain paragraph after the '·' list ends it (seed l.516)"
}
LEAD_INS = ("Algunas de las actividades más importantes", "Apoyo técnico a las autoridades departamentales")
SPLIT = "6) Adelantar proyecto que promuevan"


def _changed(frame: pd.DataFrame, after: bool = False) -> pd.Series:
    """Return, per activity row, whether issue 10 changed it (ACTIVITIES_CHANGED, texts before or after)."""
    starts = [
        (office, section, start)
        for (office, section, old), (texts, _) in ACTIVITIES_CHANGED.items()
        for start in (texts if after else (old,))
    ]
    return pd.Series(
        [
            any(o == k[0] and s == k[1] and t.startswith(k[2]) for k in starts)
            for o, s, t in zip(frame.office_id, frame.section, frame.text, strict=True)
        ],
        index=frame.index,
        dtype=bool,
    )


def _issue_10(table: str, before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (before, after) with the declared changes checked and taken out of both."""
    if table == "activities":
        gone, new = before[_changed(before)], after[_changed(after, after=True)]
        expected = [t for k, (texts, _) in ACTIVITIES_CHANGED.items() for t in texts]
        assert len(gone) == len(ACTIVITIES_CHANGED) and len(new) == len(expected)
        assert all(any(text.startswith(t) for text in new.text) for t in expected)
        before, after = before[~_changed(before)], after[~_changed(after, after=True)]
        for (office, section, start), _ in HEADING_CHANGED.items():
            row = (after.office_id == office) & (after.section == section) & after.text.str.startswith(start)
            assert row.sum() == 1 and after[row].heading.isna().all()
            after = after[~row]
            before = before[~((before.office_id == office) & before.text.str.startswith(start))]
        # seq counts items: it moves after a removed lead-in (-1) or a split (+1); compare the order
        before, after = before.drop(columns="seq"), after.drop(columns="seq")
    if table == "activity_mandates":  # the links of changed activities go with them (one lead-in held 75)
        ids_before = set(before.activity_id) - set(after.activity_id)
        # the lead-in's program:75; "Difusión …" program:70; the 76 item's program:76 and OIM:6
        assert len(before[before.activity_id.isin(ids_before)]) == 4
        assert len(after[~after.activity_id.isin(set(before.activity_id))]) == 3  # the last three, new ids
        before = before[~before.activity_id.isin(ids_before)]
        after = after[after.activity_id.isin(set(before.activity_id))]
    if table == "lineage":
        lead_in = after.text.str.startswith(LEAD_INS)
        assert list(after[lead_in].disposition) == ["lead_in", "lead_in"]
        split = after.text.str.startswith((SPLIT, "7) Replicar"))
        assert "".join(after[split].text).startswith(SPLIT) and len(after[split]) == 2
        assert all(", characters " in loc for loc in after[split].source_locator)
        before = before[~before.text.str.startswith((*LEAD_INS, SPLIT))]
        after = after[~(lead_in | split)]
        before, after = before.drop(columns="target_id"), after.drop(columns="target_id")
    return before, after


@pytest.mark.parametrize("table", TABLES)
def test_table_equals_the_one_before_the_redesign(written: tuple[str, Path], table: str) -> None:
    fmt, out = written
    before = pd.read_parquet(BEFORE / fmt / f"{table}.parquet")
    after = pd.read_parquet(out / table / "2010.parquet")
    before, after = _issue_10(table, before, after)
    columns = list(before.columns)
    assert set(columns) <= set(after.columns), f"{table}: a column went missing"
    for column in columns:  # enumerations became categories since (a storage type, same values)
        if isinstance(after[column].dtype, pd.CategoricalDtype):
            after[column] = after[column].astype(before[column].dtype)
    ordered = table not in UNORDERED
    pd.testing.assert_frame_equal(
        _comparable(after, columns, ordered), _comparable(before, columns, ordered), check_dtype=True
    )
