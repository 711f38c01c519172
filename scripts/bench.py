"""Benchmarks (`make bench`): our pipeline against the bare libraries on the same files.

Prints, for the 2010 Word report, the median time per file of a bare python-docx read of every
cell's paragraphs, of our Word extract alone and of our extract+normalize (no Parquet write),
runs interleaved, and their ratios to the bare read; then runs the PDF benchmark
(scripts/bench_pdf.py) when it is there.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

from mandate_etl.extract import extract_report
from mandate_etl.normalize import normalize_report
from mandate_etl.text import fold_key, fold_typography

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "raw" / "2010" / "informe-organismos-2010.docx"
RUNS = 21


def bare_python_docx(path: Path) -> int:
    """Return the number of paragraphs python-docx reads from every cell of every table."""
    document = docx.Document(str(path))
    count = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                count += sum(len(p.text) >= 0 for p in cell.paragraphs)
    return count


def our_extract(path: Path) -> int:
    """Return the number of rows our Word extract reads (no normalize)."""
    return len(extract_report(path, "raw/2010/informe-organismos-2010.docx").rows)


def ours(path: Path) -> int:
    """Return the number of activities our extract+normalize finds (nothing written).

    The text-folding caches are emptied first, so every run pays for a file it has never seen.
    """
    fold_key.cache_clear()
    fold_typography.cache_clear()
    report = normalize_report(extract_report(path, "raw/2010/informe-organismos-2010.docx"), 2010)
    return len(report.activities)


def median_seconds(works: list[Callable[[Path], int]], path: Path, runs: int = RUNS) -> list[float]:
    """Return the median wall time of each `work(path)`, runs interleaved so load drifts evenly."""
    for work in works:
        work(path)  # warm-up: imports, lazy tables
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for i, work in enumerate(works):
            started = time.perf_counter()
            work(path)
            times[i].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def main() -> None:
    """Print the Word benchmark, then the PDF one."""
    bare, extract, mine = median_seconds([bare_python_docx, our_extract, ours], DOCX)
    print(f"docx  {DOCX.name}: median of {RUNS} runs, interleaved")
    print(f"  bare python-docx read of every cell: {bare * 1000:7.1f} ms   1.00x")
    print(f"  mandate_etl extract (Word reader):   {extract * 1000:7.1f} ms  {extract / bare:5.2f}x")
    print(f"  mandate_etl extract+normalize:       {mine * 1000:7.1f} ms  {mine / bare:5.2f}x")
    print("  target: extract+normalize <= 1.0x the bare read")
    sys.stdout.flush()
    pdf_bench = ROOT / "scripts" / "bench_pdf.py"
    if pdf_bench.exists():
        subprocess.run([sys.executable, str(pdf_bench)], check=True)


if __name__ == "__main__":
    main()
