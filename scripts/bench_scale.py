"""Scale benchmark (`make bench-scale`): the whole `extract` over synthetic archives.

For 1, 20, 200 and 1,000 submissions (scripts/make_archive.py, seed 0, generated once into
$TMPDIR/mandate_etl_bench_scale/ and kept between runs) it prints: wall time, docs/s and
pages/s of a first run (default --jobs, nothing cached yet), the peak RSS of the parent
process and of the largest worker, the speedup of `--jobs 2` over `--jobs 1` (up to 200
files, when the CLI has a pool), and the time of a no-op re-run (every file unchanged, taken
from the cache). Each run is its own process, so its peak RSS is its own. The load of the
machine is printed with the table: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1, 20, 200, 1000)
SEED = 0
SPEEDUP_MAX = 200  # --jobs 1 vs --jobs 2 measured up to this size (1,000 files at one job: ~10 min)
HOME = Path(tempfile.gettempdir()) / "mandate_etl_bench_scale"
KIB = 1024


def archive(count: int) -> Path:
    """Return the folder of the `count`-submission archive, generating it the first time."""
    folder = HOME / f"archive-{count}-seed{SEED}"
    if not (folder / "archive.json").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        script = ROOT / "scripts" / "make_archive.py"
        subprocess.run(
            [sys.executable, str(script), str(count), "--seed", str(SEED), "--out", str(folder)], check=True
        )
    return folder


def pages_of(folder: Path) -> int:
    """Return the pages of an archive (its index: PDF pages, a Word file's printed estimate)."""
    return sum(r["pages"] for r in json.loads((folder / "archive.json").read_text())["files"])


def cli_options() -> str:
    """Return the help text of `mandate-etl extract` (which options this version has)."""
    command = [sys.executable, "-m", "mandate_etl", "extract", "--help"]
    return subprocess.run(command, capture_output=True, text=True, env=_env()).stdout


def run(folder: Path, out: Path, *options: str) -> dict[str, float]:
    """Return wall seconds and peak RSS (MiB) of parent and largest worker of one extract run."""
    report = out.parent / f"{out.name}.rusage.json"
    command = [sys.executable, __file__, "--child", str(report), "extract", str(folder), "--out", str(out)]
    started = time.perf_counter()
    proc = subprocess.run([*command, *options], capture_output=True, text=True, env=_env())
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench_scale: extract failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    usage = json.loads(report.read_text())
    return {"wall": wall, **usage, "last_line": proc.stderr.strip().splitlines()[-1]}


def _env() -> dict[str, str]:
    """Return the environment of a run: no progress bar, this checkout's package."""
    return {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT / "src")}


def child(report: Path, argv: list[str]) -> None:
    """Run the CLI here, then write this process's and its children's peak RSS to `report`."""
    from mandate_etl.cli import main

    sys.argv = ["mandate-etl", *argv]
    try:
        main()
    except SystemExit:
        pass
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KIB
        report.write_text(json.dumps({"parent_mib": own, "worker_mib": workers}))


def measure(count: int, has_jobs: bool, has_cache: bool) -> dict[str, object]:
    """Return the figures of one archive size."""
    folder = archive(count)
    work = Path(tempfile.mkdtemp(prefix=f"run-{count}-", dir=HOME))
    try:
        first = run(folder, work / "out")  # default --jobs (the cores); nothing cached yet
        row: dict[str, object] = {"files": count, "pages": pages_of(folder), **first}
        if has_jobs and count <= SPEEDUP_MAX:
            no_cache = ("--no-cache",) if has_cache else ()
            one = run(folder, work / "one", *no_cache, "--jobs", "1")
            two = run(folder, work / "two", *no_cache, "--jobs", "2")
            row["speedup"] = one["wall"] / two["wall"]
        if has_cache:
            noop = run(folder, work / "out")
            row["noop"], row["noop_line"] = noop["wall"], noop["last_line"]
        return row
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_table(rows: list[dict[str, object]], has_jobs: bool, has_cache: bool) -> None:
    """Print the figures as a Markdown table, with the machine's load."""
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
        f"{os.cpu_count()} cores; first run with the default --jobs (nothing cached), then a no-op re-run"
    )
    print(
        "| files | pages | wall s | docs/s | pages/s | parent MiB | worker MiB | jobs 2 speedup | no-op s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        wall = float(r["wall"])  # type: ignore[arg-type]
        speedup = f"{r['speedup']:.2f}×" if "speedup" in r else ("no pool" if not has_jobs else "not run")
        noop = f"{r['noop']:.2f}" if has_cache else "no cache"
        print(
            f"| {r['files']} | {r['pages']} | {wall:.2f} | {int(r['files']) / wall:.1f} | "  # type: ignore[call-overload]
            f"{int(r['pages']) / wall:.1f} | {r['parent_mib']:.0f} | {r['worker_mib']:.0f} | "  # type: ignore[call-overload]
            f"{speedup} | {noop} |"
        )
    for r in rows:
        if r.get("noop_line"):
            print(f"no-op re-run of {r['files']}: {r['noop_line']}")


def main() -> int:
    """Run the benchmark for the sizes asked (default 1, 20, 200, 1000)."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description="Scale benchmark of mandate-etl extract")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="archive sizes, e.g. 1,20")
    args = parser.parse_args()
    HOME.mkdir(parents=True, exist_ok=True)
    help_text = cli_options()
    has_jobs, has_cache = "--jobs" in help_text, "--no-cache" in help_text
    rows = [measure(int(n), has_jobs, has_cache) for n in args.sizes.split(",")]
    print_table(rows, has_jobs, has_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
