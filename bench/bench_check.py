"""Throughput and memory of ``wikikit check`` at corpus scale (a benchmark, not a test).

Builds, in a temporary folder, the shared corpus (``../shared/corpus/wikipedia``)
repeated to at least ``--size-mb`` megabytes, once as files and once as a
single ``.xml.bz2`` dump, plus a dump of ``--small-mb`` megabytes; then runs
``python -m wikikit check -q`` on each for ``--jobs 1`` and ``--jobs 2`` and
prints a markdown table: pages/s, MB/s, the speed-up over one job, and peak
memory (the main process, the largest worker, and the whole process tree).

Peak memory is sampled from ``/proc`` (each process's ``VmHWM`` high-water
mark, and the tree's summed RSS every 50 ms), so it needs Linux; elsewhere
only wall times are shown.

Usage::

    python bench/bench_check.py                 # 100 MB and 25 MB, a few minutes
    python bench/bench_check.py --size-mb 10 --small-mb 5   # a quick look
"""

from __future__ import annotations

import argparse
import bz2
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"

sys.path.insert(0, str(ROOT / "src"))
from wikikit.sources import export_xml  # noqa: E402  (after the path is set)


@dataclass
class Corpus:
    pages: list[tuple[str, str]]  # (title, text)
    size: int  # UTF-8 bytes of one copy


def load_corpus(folder: Path) -> Corpus:
    pages = []
    for path in sorted(folder.glob("*.wiki")):
        pages.append((path.stem.replace("_", " "), path.read_text(encoding="utf-8")))
    if not pages:
        sys.exit(f"no *.wiki files in {folder}")
    return Corpus(pages, sum(len(t.encode()) for _, t in pages))


def copies_for(corpus: Corpus, megabytes: float) -> int:
    return max(1, -(-int(megabytes * 1e6) // corpus.size))


def write_files(corpus: Corpus, folder: Path, copies: int) -> tuple[int, int]:
    """The corpus ``copies`` times as files, one subfolder per copy; (pages, bytes)."""
    for c in range(copies):
        sub = folder / f"copy{c:04d}"
        sub.mkdir(parents=True)
        for title, text in corpus.pages:
            (sub / (title.replace(" ", "_") + ".wiki")).write_text(
                text, encoding="utf-8", newline=""
            )
    return copies * len(corpus.pages), copies * corpus.size


def write_dump(corpus: Corpus, path: Path, copies: int) -> tuple[int, int]:
    """The corpus ``copies`` times as one MediaWiki .xml.bz2 dump; (pages, bytes)."""
    pages = ((f"{title} {c}", [text]) for c in range(copies) for title, text in corpus.pages)
    with bz2.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        for piece in export_xml(pages):
            f.write(piece)
    return copies * len(corpus.pages), copies * corpus.size


# ---------------------------------------------------------------------------
# Running and sampling memory
# ---------------------------------------------------------------------------


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids.extend(int(k) for k in f.read().split())
    except OSError:
        pass
    return kids


@dataclass
class Run:
    seconds: float
    exit_code: int
    main_peak_mb: float
    worker_peak_mb: float
    tree_peak_mb: float
    cpu_seconds: float
    checks: list[str]


def run_check(path: Path, jobs: int, only: list[str]) -> Run:
    env = dict(
        os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    )
    cmd = [sys.executable, "-m", "wikikit", "check", "-q", "-j", str(jobs), str(path)]
    for name in only:
        cmd[4:4] = ["--check", name]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    main_peak = worker_peak = tree_peak = 0
    linux = os.path.isdir(f"/proc/{proc.pid}")
    while proc.poll() is None:
        if linux:
            main_peak = max(main_peak, _status_kb(proc.pid, "VmHWM"))
            kids = _children(proc.pid)
            for k in kids:
                worker_peak = max(worker_peak, _status_kb(k, "VmHWM"))
            tree = _status_kb(proc.pid, "VmRSS") + sum(_status_kb(k, "VmRSS") for k in kids)
            tree_peak = max(tree_peak, tree)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    # The summary table's rows after its header name the checks that ran.
    rows = out.decode(errors="replace").split("\n\n", 1)[-1].splitlines()[1:]
    names = [row.split()[0] for row in rows if row.strip()]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the whole tree (workers are reaped by the main process, which we reap).
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return Run(
        seconds,
        proc.returncode,
        main_peak / 1024,
        worker_peak / 1024,
        tree_peak / 1024,
        cpu,
        names,
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--size-mb", type=float, default=100.0)
    ap.add_argument("--small-mb", type=float, default=25.0)
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument(
        "--check", action="append", default=[], metavar="NAME", help="only this check (repeatable)"
    )
    args = ap.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]

    corpus = load_corpus(args.corpus)
    big, small = copies_for(corpus, args.size_mb), copies_for(corpus, args.small_mb)
    tmp = Path(tempfile.mkdtemp(prefix="wikikit-bench-"))
    try:
        print(f"building inputs in {tmp} …", file=sys.stderr)
        inputs = [
            (f"files, {args.size_mb:g} MB", tmp / "files", write_files(corpus, tmp / "files", big)),
            (
                f".xml.bz2, {args.size_mb:g} MB",
                tmp / "big.xml.bz2",
                write_dump(corpus, tmp / "big.xml.bz2", big),
            ),
            (
                f".xml.bz2, {args.small_mb:g} MB",
                tmp / "small.xml.bz2",
                write_dump(corpus, tmp / "small.xml.bz2", small),
            ),
        ]
        rows = []
        checks_run: list[str] = []
        for kind, path, (pages, size) in inputs:
            label = f"{kind.split(',')[0]}, {size / 1e6:.0f} MB"
            base: float | None = None
            for jobs in jobs_list:
                print(f"wikikit check -j {jobs} {label} …", file=sys.stderr)
                r = run_check(path, jobs, args.check)
                checks_run = checks_run or r.checks
                base = base or r.seconds
                rows.append(
                    f"| {label} | {jobs} | {pages} | {size / 1e6:.1f} | {r.seconds:.1f} "
                    f"| {pages / r.seconds:.1f} | {size / 1e6 / r.seconds:.2f} "
                    f"| {base / r.seconds:.2f}x | {r.cpu_seconds / r.seconds:.2f} "
                    f"| {size / 1e6 / max(r.cpu_seconds, 1e-9):.2f} "
                    f"| {r.main_peak_mb:.0f} | {r.worker_peak_mb:.0f} | {r.tree_peak_mb:.0f} "
                    f"| {r.exit_code} |"
                )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"\n`wikikit check` on {args.corpus.name}/ ({len(corpus.pages)} pages, "
            f"{corpus.size / 1e6:.2f} MB) repeated; {os.cpu_count()} CPUs; "
            f"checks: {', '.join(checks_run)}; load average at the end {load:.2f}. "
            "'cores busy' is the tree's CPU time / wall time: well under the job count means "
            "other processes were competing for the CPUs; 'MB per CPU s' is the work done per "
            "CPU-second (equal for 1 and 2 jobs = no parallel overhead).\n"
        )
        print(
            "| input | jobs | pages | MB | seconds | pages/s | MB/s | speed-up | cores busy "
            "| MB per CPU s "
            "| main peak MB | worker peak MB | tree peak MB | exit |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows))
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
