"""Whole dumps at scale: a multistream dump split by its index, on local workers and Dask.

Builds, in a temporary folder, the shared corpus (``../shared/corpus/wikipedia``)
repeated to about 25 MB and 200 MB of text as Wikipedia-style multistream
dumps (streams of 100 pages, a ``-multistream-index.txt.bz2`` beside each),
then runs ``python -m wikikit <command> -q DUMP`` with ``--jobs 1``,
``--jobs 2`` and ``--engine dask --jobs 2`` (a local cluster of 2 one-thread
workers), plus the 25 MB dump without its index (one decompressor feeding
the workers) for comparison. Prints a markdown table: pages/s, MB/s, the
speed-up over one job, Dask against ``--jobs 2``, and peak memory of the main
process and of the largest worker (``VmHWM`` from ``/proc``; Linux only).
Checks that every run of one dump wrote the same records.

Usage::

    python bench/bench_dumps.py                       # text to Parquet, 25 and 200 MB
    python bench/bench_dumps.py --sizes 5,20           # a quick look
    python bench/bench_dumps.py --command check       # the round-trip checks instead
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
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

# The installed build (compiled or pure) is measured; a checkout with nothing
# installed runs from src/.
_FROM_SRC = importlib.util.find_spec("wikikit") is None
if _FROM_SRC:
    sys.path.insert(0, str(ROOT / "src"))
from run import wikikit_build  # noqa: E402  (bench/run.py, beside this script)

from wikikit.sources import export_xml  # noqa: E402  (after the path is set)
from wikikit.sources.multistream import write_multistream  # noqa: E402


def load_corpus(folder: Path) -> list[tuple[str, str]]:
    pages = [
        (p.stem.replace("_", " "), p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.wiki"))
    ]
    if not pages:
        sys.exit(f"no *.wiki files in {folder}")
    return pages


def build(corpus: list[tuple[str, str]], megabytes: float, folder: Path) -> tuple[Path, int, int]:
    """A multistream dump of about ``megabytes`` MB of text and its index: (dump, pages, bytes)."""
    size = sum(len(t.encode()) for _, t in corpus)
    copies = max(1, -(-int(megabytes * 1e6) // size))
    folder.mkdir(parents=True)
    dump = folder / "benchwiki-pages-articles-multistream.xml.bz2"
    index = folder / "benchwiki-pages-articles-multistream-index.txt.bz2"
    pages = ((f"{t} {c}", [x]) for c in range(copies) for t, x in corpus)
    n, _ = write_multistream(export_xml(pages), str(dump), str(index))
    return dump, n, copies * size


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


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Dask workers are the children of nanny processes)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    kids = [int(k) for k in f.read().split()]
                out.extend(kids)
                todo.extend(kids)
        except OSError:
            pass
    return out


@dataclass
class Run:
    seconds: float
    exit_code: int
    main_peak_mb: float
    worker_peak_mb: float
    digest: str
    cpu_seconds: float
    load: float


def run(command: str, dump: Path, out: Path, args: list[str]) -> Run:
    env = dict(os.environ)
    if _FROM_SRC:
        env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "wikikit", command, "-q", *args, str(dump)]
    if command == "check":
        cmd += ["--report", str(out)]
    else:
        cmd += ["-o", str(out)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main_peak = worker_peak = 0
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        main_peak = max(main_peak, _status_kb(proc.pid, "VmHWM"))
        for k in _descendants(proc.pid):
            peaks[k] = max(peaks.get(k, 0), _status_kb(k, "VmHWM"))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    _, err = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The whole tree's CPU time: workers (and Dask's nannies) are reaped below us.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace")[-3000:])
    # The worker that did the most: the largest peak among the processes below the main
    # one (for Dask, the scheduler-side nannies are small and do not count).
    worker_peak = max(peaks.values(), default=0)
    return Run(
        seconds, proc.returncode, main_peak / 1024, worker_peak / 1024, _digest(out), cpu, load
    )


def _digest(path: Path) -> str:
    """What the run wrote, independent of how Parquet chose its row groups and of the
    dump's file name (in ``source``)."""
    if not path.exists():
        return "-"
    h = hashlib.sha256()
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    else:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        h.update(repr(sorted((k, v) for k, v in row.items() if k != "source")).encode())
    return h.hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sizes", default="25,200", help="comma-separated sizes in MB of text")
    ap.add_argument("--command", default="text", choices=["text", "json", "check", "html"])
    ap.add_argument("--repeat", type=int, default=2, help="runs per setting (fastest kept)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    corpus = load_corpus(args.corpus)
    suffix = {"text": ".parquet", "json": ".parquet", "check": ".jsonl", "html": ".html"}
    tmp = Path(tempfile.mkdtemp(prefix="wikikit-bench-dumps-"))
    rows: list[str] = []
    same: list[str] = []
    try:
        for megabytes in sizes:
            print(f"building a {megabytes:g} MB multistream dump in {tmp} …", file=sys.stderr)
            dump, pages, size = build(corpus, megabytes, tmp / f"{megabytes:g}mb")
            settings = [("multistream", "local", 1, dump), ("multistream", "local", 2, dump)]
            if not args.no_dask:
                settings.append(("multistream", "dask", 2, dump))
            if megabytes == min(sizes):
                # The same dump under a name that has no index beside it: read in one stream.
                plain = dump.with_name("benchwiki-pages-articles.xml.bz2")
                os.link(dump, plain)
                settings.append(("no index", "local", 2, plain))
            best: dict[int, Run] = {}
            digests = set()
            # Settings take turns, so that other load on the machine hits them alike.
            for turn in range(args.repeat):
                for i, (kind, engine, jobs, path) in enumerate(settings):
                    extra = ["-j", str(jobs)] + (["--engine", "dask"] if engine == "dask" else [])
                    print(
                        f"[{turn + 1}/{args.repeat}] wikikit {args.command} {engine} -j {jobs}, "
                        f"{kind}, {size / 1e6:.0f} MB …",
                        file=sys.stderr,
                    )
                    out = tmp / f"out-{i}{suffix[args.command]}"
                    r = run(args.command, path, out, extra)
                    out.unlink(missing_ok=True)
                    digests.add(r.digest)
                    old = best.get(i)
                    if old is None or r.seconds < old.seconds:
                        if old is not None:
                            r.main_peak_mb = max(r.main_peak_mb, old.main_peak_mb)
                            r.worker_peak_mb = max(r.worker_peak_mb, old.worker_peak_mb)
                        best[i] = r
                    else:
                        old.main_peak_mb = max(r.main_peak_mb, old.main_peak_mb)
                        old.worker_peak_mb = max(r.worker_peak_mb, old.worker_peak_mb)
            base = best[0].seconds
            local2 = best[1].seconds
            for i, (kind, engine, jobs, _) in enumerate(settings):
                r = best[i]
                vs = f"{local2 / r.seconds:.2f}x" if engine == "dask" else ""
                rows.append(
                    f"| {size / 1e6:.0f} MB | {kind} | {engine} -j {jobs} | {pages} "
                    f"| {r.seconds:.1f} | {pages / r.seconds:.1f} | {size / 1e6 / r.seconds:.2f} "
                    f"| {base / r.seconds:.2f}x | {vs} | {r.cpu_seconds / r.seconds:.2f} "
                    f"| {size / 1e6 / max(r.cpu_seconds, 1e-9):.2f} | {r.load:.1f} "
                    f"| {r.main_peak_mb:.0f} | {r.worker_peak_mb:.0f} | {r.exit_code} |"
                )
            same.append(f"{size / 1e6:.0f} MB: {'same' if len(digests) == 1 else 'DIFFERENT'}")
        print(
            f"\n`wikikit {args.command}` ({wikikit_build()}) on multistream dumps of "
            f"{args.corpus.name}/ "
            f"({len(corpus)} pages) repeated; {os.cpu_count()} CPUs; fastest of {args.repeat} "
            f"runs, the settings taking turns. Output of every run of a dump (without "
            f"`source`): {'; '.join(same)}. 'cores busy' is the process tree's CPU time / wall "
            "time; 'MB per CPU s' the work done per CPU-second (equal for 1 and 2 workers: "
            "no parallel overhead); 'load' the load average when the run started.\n"
        )
        print(
            "| text | dump | engine | pages | seconds | pages/s | MB/s | vs -j 1 "
            "| dask vs -j 2 | cores busy | MB per CPU s | load | main peak MB "
            "| worker peak MB | exit |"
        )
        print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows))
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
