"""The HTML report: self-contained, checked in a real headless browser (Debian's chromium)."""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mandate_etl.analysis.report import ReportFiles, read_findings, write_report
from mandate_etl.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "2010"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTH = 1280
SCREENSHOT_ENV = "MANDATE_ETL_SCREENSHOT"  # also copy the screenshot there (for a closing note)

OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const out = [];
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
    out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
  }
}
return [width, document.documentElement.scrollWidth, out.slice(0, 10)];
"""


@pytest.fixture(scope="module")
def report_2010(outputs_2010: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    """Return the 2010 report, written into a temporary folder."""
    return write_report(outputs_2010, tmp_path_factory.mktemp("report") / "report.html")


def golden_pairs() -> list[tuple[str, str]]:
    with (GOLDEN / "office_mandates.csv").open(encoding="utf-8") as handle:
        return [(r["office_id"], r["mandate_id"]) for r in csv.DictReader(handle)]


def test_the_page_is_self_contained(report_2010: ReportFiles) -> None:
    page = report_2010.html.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=|https?://|@import|url\(", page), "the page must not load anything"
    assert "<h2>Activities linked to no mandate (55)</h2>" in page
    assert page.count('class="office-card"') == 9
    assert "W-MANDATE-PASTED" in page


def test_the_heatmap_png_is_written(report_2010: ReportFiles) -> None:
    assert report_2010.png.name == "report-heatmap.png"
    assert report_2010.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_findings_come_from_the_manifest(outputs_2010: Path) -> None:
    findings = read_findings(outputs_2010, 2010)
    assert [(f["severity"], f["code"], f["where"]) for f in findings] == [
        (
            "warning",
            "W-MANDATE-PASTED",
            "raw/2010/informe-organismos-2010.docx: table 1, row 7, column 5, paragraph 1",
        )
    ]
    assert read_findings(outputs_2010, 2011) == []


def test_report_command(outputs_2010: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    html = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", "--tables", str(outputs_2010), "--out", str(html), "--year", "2010"]
    )
    assert result.exit_code == 0, result.output
    assert html.exists() and (tmp_path / "r-heatmap.png").exists()
    missing = runner.invoke(
        app, ["report", "--tables", str(outputs_2010), "--out", str(html), "--year", "2011"]
    )
    assert missing.exit_code == 2
    assert "no tables for 2011 (years present: 2010)" in missing.output


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Return a headless Chromium driven by chromedriver (skip when Debian's packages are missing)."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip("needs a browser: install the Debian packages chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def set_viewport(driver, height: int) -> None:  # type: ignore[no-untyped-def]
    """Make the page's viewport WIDTH pixels wide and `height` high."""
    metrics = {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def test_the_report_in_a_browser(browser, report_2010: ReportFiles, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    set_viewport(browser, 900)
    browser.get(report_2010.html.as_uri())
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    cells = browser.find_elements(By.CSS_SELECTOR, "table.heatmap td.cell.assigned")
    pairs = [(c.get_attribute("data-office"), c.get_attribute("data-mandate")) for c in cells]
    assert sorted(pairs) == sorted(golden_pairs())  # one cell per office-mandate assignment
    assert browser.find_elements(By.CSS_SELECTOR, "table.heatmap td.cell.linked-only") == []
    colombia_75 = browser.find_element(
        By.CSS_SELECTOR, 'td[data-office="oim-colombia"][data-mandate="program:75"]'
    )
    assert colombia_75.text == "6"  # 3 trainings done, 3 planned axes (their lead-in is no activity)
    width, scroll_width, overflowing = browser.execute_script(OVERFLOW_JS)
    assert (width, scroll_width, overflowing) == (WIDTH, WIDTH, [])
    shots = tmp_path_factory.mktemp("screenshots")
    set_viewport(browser, 1500)
    assert browser.save_screenshot(str(shots / "report-2010.png"))
    set_viewport(browser, browser.execute_script("return document.documentElement.scrollHeight"))
    assert browser.save_screenshot(str(shots / "report-2010-full.png"))
    print(f"screenshots: {shots}")
    if os.environ.get(SCREENSHOT_ENV):
        shutil.copy(shots / "report-2010.png", os.environ[SCREENSHOT_ENV])


def with_other_links(outputs_2010: Path, out: Path) -> None:
    """Copy the 2010 outputs to `out`, adding an inferred link (with evidence) for OIM Mexico to 66
    and an explicit one from ACNUR to 66 (not assigned to it); coverage recomputed from them."""
    import pyarrow.parquet as pq

    from mandate_etl.load.arrow_schema import records_to_table
    from mandate_etl.models import Activity, ActivityMandate, Coverage, Office, OfficeMandate
    from mandate_etl.normalize.coverage import coverage_records

    shutil.copytree(outputs_2010, out)

    def records(model):  # type: ignore[no-untyped-def]
        return [
            model.model_validate(r)
            for r in pq.read_table(out / model.table_name / "2010.parquet").to_pylist()
        ]

    activities = records(Activity)
    first = {o: next(a for a in activities if a.office_id == o) for o in ("oim-mexico", "acnur")}
    template = records(ActivityMandate)[0]
    added = [
        template.model_copy(
            update={
                "activity_id": first["oim-mexico"].activity_id,
                "mandate_id": "program:66",
                "link": "inferred",
                "score": 0.6,
                "evidence": "campaña; información",
            }
        ),
        template.model_copy(update={"activity_id": first["acnur"].activity_id, "mandate_id": "program:66"}),
    ]
    links = records(ActivityMandate) + added
    coverage = coverage_records(2010, records(Office), records(OfficeMandate), activities, links)
    pq.write_table(records_to_table(Coverage, coverage), out / "coverage" / "2010.parquet")
    pq.write_table(records_to_table(ActivityMandate, links), out / "activity_mandates" / "2010.parquet")


def test_inferred_and_unassigned_links_are_told_apart(outputs_2010: Path, tmp_path: Path) -> None:
    with_other_links(outputs_2010, tmp_path / "out")
    files = write_report(tmp_path / "out", tmp_path / "report.html", 2010)
    page = files.html.read_text(encoding="utf-8")
    mexico = re.search(
        r'<td class="([^"]*)" data-office="oim-mexico" data-mandate="program:66"[^>]*>(.*?)</td>', page
    )
    assert mexico is not None
    assert mexico.group(1) == "cell assigned level-0 has-inferred"
    assert mexico.group(2) == '<span class="inferred">+1</span>'
    acnur = re.search(
        r'<td class="([^"]*)" data-office="acnur" data-mandate="program:66"[^>]*>(.*?)</td>', page
    )
    assert acnur is not None and (acnur.group(1), acnur.group(2)) == ("cell linked-only level-1", "1")
    assert page.count('class="cell assigned') == 121
    assert 'class="chip inferred" title="inferred (score 0.60): campaña; información">66</span>' in page
    assert files.png.stat().st_size > 0
