"""Benchmarks (`make bench`): our pipeline against the bare libraries on the same files.

Prints, for the 2010 Word report, the median CPU time per file of a bare python-docx read of every
cell's paragraphs, of our Word extract alone and of our extract+normalize (no Parquet write),
runs interleaved, and their ratios to the bare read; the cost of the link pass's inferred links
(extract+normalize against the same with `infer=False`, as `--no-infer`; issue 10 allows 20%);
then runs the PDF benchmark (scripts/bench_pdf.py) when it is there.
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
from mandate_etl.normalize import infer, normalize_report, stems
from mandate_etl.text import fold_key, fold_typography

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "raw" / "2010" / "informe-organismos-2010.docx"
RUNS = 31


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


def ours(path: Path, links: bool = True) -> int:
    """Return the number of activities our extract+normalize finds (nothing written); `links`
    False: without inferred links (`--no-infer`).

    The per-text caches (text folding, word stems, mandate vectors) are emptied first, so every
    run pays for a file it has never seen; reference data (catalogue, lexicon) is read once.
    """
    fold_key.cache_clear()
    fold_typography.cache_clear()
    stems.clear_word_cache()
    infer.clear_text_caches()
    report = normalize_report(extract_report(path, "raw/2010/informe-organismos-2010.docx"), 2010, links)
    return len(report.activities)


def ours_without_inferred_links(path: Path) -> int:
    """Return what `ours` returns, with explicit and repaired links only (`--no-infer`)."""
    return ours(path, links=False)


def cpu_seconds(works: list[Callable[[Path], int]], path: Path, runs: int = RUNS) -> list[list[float]]:
    """Return the CPU times of each `work(path)` over `runs` rounds, runs interleaved so load
    drifts evenly.

    CPU time of this process, not wall time: on a shared machine other processes' load changes
    the wall time of a run but not the work it does (the PDF benchmark measures the same way).
    """
    for work in works:
        work(path)  # warm-up: imports, lazy tables
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for i, work in enumerate(works):
            started = time.process_time()
            work(path)
            times[i].append(time.process_time() - started)
    return times


def paired_ratio(numerators: list[float], denominators: list[float]) -> float:
    """Return the median of the ratios of runs made in the same round (drift cancels out)."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def main() -> None:
    """Print the Word benchmark, then the PDF one."""
    rounds = cpu_seconds([bare_python_docx, our_extract, ours, ours_without_inferred_links], DOCX)
    bare, extract, mine, unlinked = (statistics.median(t) for t in rounds)
    print(f"docx  {DOCX.name}: median CPU time of {RUNS} runs, interleaved")
    print(f"  bare python-docx read of every cell: {bare * 1000:7.1f} ms   1.00x")
    print(f"  mandate_etl extract (Word reader):   {extract * 1000:7.1f} ms  {extract / bare:5.2f}x")
    print("  target (issue 12): the Word reader <= 1.0x the bare read, with the same tables")
    print(f"  mandate_etl extract+normalize:       {mine * 1000:7.1f} ms  {mine / bare:5.2f}x")
    print(f"  extract+normalize with --no-infer:   {unlinked * 1000:7.1f} ms  {unlinked / bare:5.2f}x")
    print(
        f"  link pass, inferred links:           {(mine - unlinked) * 1000:7.1f} ms  "
        f"+{paired_ratio(rounds[2], rounds[3]) - 1:.1%} of extract+normalize "
        "(median of the rounds' ratios; issue 10: at most +20%)"
    )
    sys.stdout.flush()
    pdf_bench = ROOT / "scripts" / "bench_pdf.py"
    if pdf_bench.exists():
        subprocess.run([sys.executable, str(pdf_bench)], check=True)


if __name__ == "__main__":
    main()
