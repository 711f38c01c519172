"""The link pass in the pipeline: inferred links written with their evidence, only where no
number is written and only to the office's mandates; --no-infer; the unlinked info finding."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import DISPLAY_DOCX, RAW_2010_DOCX
from tests.normalize.helpers import ACTIVITY, office, report
from tests.normalize.test_infer import evidence_is_in_both
from typer.testing import CliRunner

from mandate_etl.cache import pipeline_key
from mandate_etl.cli import app
from mandate_etl.models import NormalizedReport
from mandate_etl.models.findings import findings_document
from mandate_etl.normalize import normalize_report
from mandate_etl.normalize.infer import Candidate, infer_links
from mandate_etl.normalize.links import activity_reading
from mandate_etl.pipeline import run_file
from mandate_etl.reference import catalogue


@pytest.fixture(scope="module")
def written_only() -> NormalizedReport:
    return run_file(RAW_2010_DOCX, 2010, DISPLAY_DOCX, infer=False)


def _candidates(report: NormalizedReport) -> dict[str, list[Candidate]]:
    texts = {m.mandate_id: m.text for m in report.mandates}
    pool: dict[str, list[Candidate]] = {}
    for pair in report.office_mandates:
        pool.setdefault(pair.office_id, []).append(Candidate(pair.mandate_id, texts[pair.mandate_id]))
    return pool


def it_writes_inferred_links_with_evidence_in_the_activity_and_the_mandate(report_2010_docx):
    activities = {a.activity_id: a for a in report_2010_docx.activities}
    candidates = _candidates(report_2010_docx)
    inferred = [link for link in report_2010_docx.activity_mandates if link.link == "inferred"]
    assert len(inferred) >= 40  # 2010: most of the 55 activities with no written number
    for link in inferred:
        activity = activities[link.activity_id]
        reading = activity_reading(activity.heading, activity.text)
        (same,) = [
            found
            for found in infer_links(reading, candidates[activity.office_id])
            if found.mandate_id == link.mandate_id
        ]
        assert (same.score, same.evidence_text) == (link.score, link.evidence)
        assert 0 <= link.score < 0.9
        assert evidence_is_in_both(reading, same), link


def it_infers_only_for_activities_with_no_written_number(report_2010_docx):
    written = {a.activity_id for a in report_2010_docx.activity_mandates if a.link != "inferred"}
    inferred = {a.activity_id for a in report_2010_docx.activity_mandates if a.link == "inferred"}
    assert written and inferred and not written & inferred


def it_links_only_mandates_assigned_to_the_office(report_2010_docx):
    assigned = {(p.office_id, p.mandate_id) for p in report_2010_docx.office_mandates}
    office_of = {a.activity_id: a.office_id for a in report_2010_docx.activities}
    for link in report_2010_docx.activity_mandates:
        if link.link == "inferred":
            assert (office_of[link.activity_id], link.mandate_id) in assigned, link


def it_leaves_explicit_and_repaired_links_as_they_were(report_2010_docx, written_only):
    kept = [link for link in report_2010_docx.activity_mandates if link.link != "inferred"]
    assert kept == list(written_only.activity_mandates)
    assert all(link.evidence is None for link in kept)
    assert written_only.mandates == report_2010_docx.mandates  # inferred links name no new mandate


def it_writes_no_inferred_link_with_no_infer(written_only):
    assert {link.link for link in written_only.activity_mandates} == {"explicit", "repaired"}


def it_says_per_office_what_no_written_number_links(report_2010_docx, written_only):
    def unlinked(r: NormalizedReport) -> dict[str, str]:
        return {f.office or "": f.message for f in r.findings if f.code == "I-ACTIVITY-UNLINKED"}

    assert all(f.severity == "info" for f in written_only.findings if f.code == "I-ACTIVITY-UNLINKED")
    before, after = unlinked(written_only), unlinked(report_2010_docx)
    assert before.keys() == after.keys()  # the same offices write no number, inferred or not
    assert len(before) == 8
    argentina = "Oficina de la OIM en Argentina"
    assert before[argentina].startswith("12 of 12 activities linked to no mandate and 0 only by inference")
    assert after[argentina].startswith("4 of 12 activities linked to no mandate and 8 only by inference")
    # the ones linked to nothing are quoted first
    assert after[argentina].endswith(
        "first ones: «La OIM Buenos Aires formó parte del equipo de trabajo del P…»; «En cooperación "
        "con la Embajada de Gran Bretaña en Brasil, s…»; «Se realizó la construcción del Centro "
        "Comunitario en la Ciu…»"
    )


def it_gives_no_finding_when_every_activity_has_a_number():
    extracted = report(
        office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [f"66. {ACTIVITY}"])
    )
    assert normalize_report(extracted, 2099).findings == ()


def it_quotes_an_unlinked_activity_of_a_small_report():
    extracted = report(office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [ACTIVITY]))
    (found,) = normalize_report(extracted, 2099).findings
    assert (found.severity, found.code, found.location) == (
        "info",
        "I-ACTIVITY-UNLINKED",
        "table 1, row 2, column 4, paragraph 1",
    )
    assert found.message == (
        "1 of 1 activities linked to no mandate and 0 only by inference: no mandate number written "
        "(write it at the head of each): «La oficina organizó talleres de capacitación para funcionar…»"
    )


def it_counts_info_findings_apart_and_they_never_fail(report_2010_docx):
    document = findings_document(report_2010_docx.findings, files=1)
    assert document.summary.infos == 8
    assert document.summary.warnings == sum(f.severity == "warning" for f in report_2010_docx.findings)


def it_takes_no_infer_on_the_command_line(tmp_path: Path):
    raw = tmp_path / "raw" / "2010"
    raw.mkdir(parents=True)
    (raw / RAW_2010_DOCX.name).write_bytes(RAW_2010_DOCX.read_bytes())
    out = tmp_path / "out"

    def links(*options: str) -> list[dict]:
        result = CliRunner().invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(out), *options])
        assert result.exit_code == 0, result.output
        return pq.read_table(out / "activity_mandates").to_pylist()

    assert "inferred" in {link["link"] for link in links()}
    written = links("--no-infer")  # the same output folder: its cache holds the run with inference
    assert {link["link"] for link in written} == {"explicit", "repaired"}
    assert all(link["evidence"] is None for link in written)


def it_keeps_runs_with_and_without_inferred_links_apart_in_the_cache():
    assert pipeline_key(infer=False) != pipeline_key()
