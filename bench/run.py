"""wikikit benchmark: throughput, memory and growth against the peers, in one run.

    python bench/run.py                 # parse, html and check on ../shared/corpus/wikipedia
    python bench/run.py parse --repeat 5
    python bench/run.py html
    python bench/run.py check           # `wikikit check` against mwparserfromhell.parse
    python bench/run.py growth          # hostile inputs at 10k/40k/160k units

Each contender runs in a fresh interpreter of its own (this script with ``--serve``),
so no contender inherits another's warm caches, imports or heap. They take turns:
each makes one pass over the corpus, then the next (``--repeat`` turns, default 5),
so that a burst of other work on the machine cannot fall on all of one contender's
passes.
wikikit is measured twice from the same source: the build installed in this
interpreter (compiled with mypyc by ``pip install .`` where a C compiler is
present) and the pure-Python package (``src/`` put first on the path). The
machine, its load average before and after, and every version are printed with
the figures: they are ratios measured in the same run on the same machine;
absolute MB/s move with the machine's load. Not a test: nothing here asserts.
Needs the bench extras: pip install '.[bench]' (wikitextparser, mwcomposerfromhell).
"""

from __future__ import annotations

import argparse
import gc
import importlib.machinery
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"
_MARKUP = re.compile(r"\[\[|\]\]|\{\{|\}\}|''+|<[^>]*>|\n[*#:;=|!]")


def load(corpus: Path) -> list[str]:
    files = sorted(corpus.glob("*.wiki"))
    if not files:
        raise SystemExit(f"no *.wiki files in {corpus}")
    return [p.read_text(encoding="utf-8") for p in files]


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_time(fn: Callable[[str], Any], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(fn: Callable[[str], Any], texts: list[str]) -> tuple[float, float]:
    """(peak MB while parsing the corpus keeping every result, peak MB for the largest file)."""
    gc.collect()
    tracemalloc.start()
    kept = [fn(t) for t in texts]
    _, peak_all = tracemalloc.get_traced_memory()
    del kept
    gc.collect()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    one = fn(max(texts, key=len))
    _, peak_one = tracemalloc.get_traced_memory()
    del one
    tracemalloc.stop()
    return peak_all / 1e6, (peak_one - base) / 1e6


def growth(fn: Callable[[str], Any], text: str, repeat: int) -> list[float]:
    """Seconds per copy for ``text`` repeated 1x, 4x and 16x (1.0 = linear)."""
    per_copy = []
    for copies in (1, 4, 16):
        big = text * copies
        per_copy.append(best_time(fn, [big], repeat) / copies)
    return per_copy


def wikikit_build() -> str:
    """Which wikikit this interpreter imports: compiled (how many modules) or pure."""
    import wikikit

    package = Path(wikikit.__file__).parent
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    compiled = [p for p in package.rglob("*") if p.name.endswith(suffixes)]
    return f"compiled, {len(compiled)} modules" if compiled else "pure Python"


# -- contenders ---------------------------------------------------------------------


def wikikit_parse(text: str) -> Any:
    import wikikit

    return wikikit.parse(text)


def mwpfh_parse(text: str) -> Any:
    import mwparserfromhell

    return mwparserfromhell.parse(text)


def wtp_walk(text: str) -> Any:
    """wikitextparser's parse plus a walk over sections, templates and links (its parse is lazy)."""
    import wikitextparser

    p = wikitextparser.parse(text)
    n = 0
    for s in p.sections:
        n += len(s.title or "")
    for t in p.templates:
        n += len(t.name) + len(t.arguments)
    for link in p.wikilinks:
        n += len(link.title)
    return p


def regex_loop(text: str) -> int:
    return sum(1 for _ in _MARKUP.finditer(text))


def wikikit_html(text: str) -> str:
    import wikikit

    return wikikit.to_html(text)  # type: ignore[attr-defined,no-any-return]


def mwcomposer_html(text: str) -> str:
    import mwcomposerfromhell
    import mwparserfromhell

    try:
        return mwcomposerfromhell.compose(mwparserfromhell.parse(text))  # type: ignore[no-any-return]
    except Exception:  # it gives up on some pages; the time spent still counts
        return ""


def pandoc_html(text: str) -> str:
    return subprocess.run(
        ["pandoc", "-f", "mediawiki", "-t", "html"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


# -- one contender in a fresh interpreter -------------------------------------------------

#: section -> [(contender, function name in this module, build)]; build "installed"
#: runs in this interpreter as installed, "pure" with the source tree first on the path.
CONTENDERS: dict[str, list[tuple[str, str, str]]] = {
    "parse": [
        ("wikikit.parse (compiled)", "wikikit_parse", "installed"),
        ("wikikit.parse (pure Python)", "wikikit_parse", "pure"),
        ("mwparserfromhell.parse", "mwpfh_parse", "installed"),
        ("wikitextparser + walk", "wtp_walk", "installed"),
        ("regex loop over markup", "regex_loop", "installed"),
    ],
    "html": [
        ("wikikit.to_html (compiled)", "wikikit_html", "installed"),
        ("wikikit.to_html (pure Python)", "wikikit_html", "pure"),
        ("mwcomposerfromhell", "mwcomposer_html", "installed"),
        ("pandoc -f mediawiki", "pandoc_html", "installed"),
    ],
}
BASELINES = {"parse": "mwparserfromhell.parse", "html": "mwcomposerfromhell"}


#: Marks the contender's replies on its stdout: anything else a library prints there
#: is skipped.
_REPLY = "@bench "


def serve(fn_name: str, corpus: Path) -> None:
    """Be one contender for a whole section (this process is fresh): answer each line
    of stdin with one reply line. ``pass`` times one pass over the corpus, ``growth N``
    and ``memory`` measure those, ``build`` says which wikikit is imported; an error
    is replied as ``{"error": …}``."""
    texts = load(corpus)
    fn: Callable[[str], Any] = globals()[fn_name]
    fn(texts[0])  # imports and first-call setup stay out of the timing
    print(_REPLY + json.dumps("ready"), flush=True)
    for line in sys.stdin:
        command = line.split()
        reply: Any
        try:
            if command[0] == "pass":
                reply = best_time(fn, texts, 1)
            elif command[0] == "growth":
                reply = growth(fn, max(texts, key=len), int(command[1]))
            elif command[0] == "memory":
                reply = peak_memory(fn, texts)
            elif command[0] == "build":
                reply = wikikit_build()
            else:
                reply = {"error": f"unknown command {command[0]!r}"}
        except Exception as e:  # reported in the table, the other contenders go on
            reply = {"error": f"{type(e).__name__}: {e}"}
        print(_REPLY + json.dumps(reply), flush=True)


def _env(build: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if build == "pure":
        env["PYTHONPATH"] = str(SRC)
    return env


class ContenderError(Exception):
    """A contender failed to start or to answer."""


class Contender:
    """A contender's own interpreter, started fresh and kept for its section.

    Its stderr goes to a temporary file, read only when it fails: a pipe nobody reads
    would fill and stall it.
    """

    def __init__(self, python: str, fn_name: str, build: str, corpus: Path) -> None:
        cmd = [python, __file__, "--serve", fn_name, "--corpus", str(corpus)]
        # Lives as long as the contender; closed in close().
        self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            env=_env(build),
        )
        try:
            self.ask(None)  # waits for "ready"
        except ContenderError:
            self.close()
            raise

    def ask(self, command: str | None) -> Any:
        """Send ``command`` (None: nothing) and return the reply; raise ContenderError."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            if command is not None:
                self.proc.stdin.write(command + "\n")
                self.proc.stdin.flush()
            for line in self.proc.stdout:
                if line.startswith(_REPLY):
                    reply = json.loads(line[len(_REPLY) :])
                    if isinstance(reply, dict) and "error" in reply:
                        raise ContenderError(reply["error"])
                    return reply
        except (BrokenPipeError, ValueError) as e:
            raise ContenderError(str(e)) from e
        self.proc.wait()
        self.errors.seek(0)
        lines = self.errors.read().strip().splitlines()
        raise ContenderError(lines[-1] if lines else f"exited with {self.proc.returncode}")

    def close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        self.proc.wait()
        self.errors.close()


def table(rows: list[list[str]], head: list[str]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def run_section(
    section: str, title: str, python: str, corpus: Path, repeat: int, memory: bool
) -> dict[str, Any]:
    """Every contender in its own fresh interpreter, all started first; then ``repeat``
    turns in which each contender makes one pass over the corpus, one after the other
    (in reverse order every other turn).

    The machine is shared: a burst of other work used to slow every pass of the
    contender that happened to run during it. In turns, each contender's passes are
    spread over the whole run like everyone else's; each turn also gives a ratio
    against the baseline from passes made close together. A contender's MB/s comes
    from its best pass.
    """
    texts = load(corpus)
    size = mb(texts)
    results: dict[str, Any] = {}
    running: dict[str, Contender] = {}
    for name, fn_name, build in CONTENDERS[section]:
        if fn_name == "pandoc_html" and not shutil.which("pandoc"):
            continue
        results[name] = {}  # keeps the table in this order
        try:
            running[name] = Contender(python, fn_name, build, corpus)
        except ContenderError as e:
            results[name] = {"error": str(e)}
            print(f"  {name}: {e}", file=sys.stderr, flush=True)
    passes: dict[str, list[float]] = {name: [] for name in running}

    def give_up(name: str, error: ContenderError) -> None:
        results[name] = {"error": str(error)}
        running.pop(name).close()
        print(f"  {name}: {error}", file=sys.stderr, flush=True)

    for turn in range(repeat):
        order = list(running) if turn % 2 == 0 else list(reversed(running))
        for name in order:
            try:
                passes[name].append(running[name].ask("pass"))
            except ContenderError as e:
                give_up(name, e)
        shown = ", ".join(f"{n} {size / passes[n][-1]:.2f}" for n in running)
        print(f"  turn {turn + 1} (MB/s): {shown}", file=sys.stderr, flush=True)
    for name in list(running):
        contender = running[name]
        entry: dict[str, Any] = {"mb_per_s": size / min(passes[name])}
        entry["passes_s"] = [round(t, 4) for t in passes[name]]
        try:
            entry["growth"] = contender.ask(f"growth {max(1, repeat - 2)}")
            if memory:
                entry["peak_all_mb"], entry["peak_largest_mb"] = contender.ask("memory")
            if "wikikit" in name:
                entry["build"] = contender.ask("build")
        except ContenderError as e:
            give_up(name, e)
            continue
        running.pop(name).close()
        results[name] = entry
    baseline = results.get(BASELINES[section], {})
    base = baseline.get("mb_per_s")
    rows = []
    for name, entry in results.items():
        if "error" in entry:
            rows.append([name, "n/a", "", "", "", "", entry["error"][:80]])
            continue
        paired = ""
        if "passes_s" in baseline:
            pairs = zip(baseline["passes_s"], entry["passes_s"], strict=True)
            ratios = sorted(b / t for b, t in pairs)
            entry["paired_ratios"] = [round(r, 3) for r in ratios]
            paired = f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}–{ratios[-1]:.2f})"
        g = entry["growth"]
        mem = (
            f"{entry['peak_all_mb']:.0f} / {entry['peak_largest_mb']:.0f}"
            if "peak_all_mb" in entry
            else "–"
        )
        rows.append(
            [
                name,
                f"{entry['mb_per_s']:.2f}",
                f"{entry['mb_per_s'] / base:.2f}x" if base else "–",
                paired,
                f"{g[1] / g[0]:.2f} / {g[2] / g[0]:.2f}",
                mem,
                entry.get("build", ""),
            ]
        )
    print(f"\n### {title} ({size:.2f} MB, {len(texts)} pages, {repeat} turns)\n")
    head = [
        "contender",
        "MB/s (best pass)",
        f"vs {BASELINES[section]}",
        "per turn: median (range)",
        "per-copy cost 4x / 16x (vs 1x)",
    ]
    print(table(rows, [*head, "peak MB (corpus kept / largest page)", "note"]))
    return results


def check_section(python: str, corpus: Path, repeat: int) -> dict[str, Any]:
    """`wikikit check` (default checks) as a command against mwparserfromhell merely parsing.

    The commands run in turns (each once per turn, ``repeat`` turns), and each one's
    best turn counts, for the reason :func:`run_section` gives.
    """
    size = mb(load(corpus))
    runs = [
        ("wikikit check -j 1 (compiled)", "installed", 1),
        ("wikikit check -j 2 (compiled)", "installed", 2),
        ("wikikit check -j 1 (pure Python)", "pure", 1),
        ("wikikit check -j 2 (pure Python)", "pure", 2),
        # The whole command against the bare parse (imports included, as for the command).
        ("mwparserfromhell.parse (a process)", "installed", 0),
    ]
    best = {name: float("inf") for name, _, _ in runs}
    codes = {name: 0 for name, _, _ in runs}
    for _ in range(repeat):
        for name, build, jobs in runs:
            if jobs:
                cmd = [python, "-m", "wikikit", "check", "-q", "--jobs", str(jobs), str(corpus)]
            else:
                cmd = [python, __file__, "--mwpfh-once", str(corpus)]
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, env=_env(build), check=False)
            best[name] = min(best[name], time.perf_counter() - start)
            codes[name] = proc.returncode
            if not jobs and proc.returncode != 0:
                raise SystemExit(f"mwparserfromhell failed: {proc.stderr.decode()[-300:]}")
    results: dict[str, Any] = {}
    for name, _, jobs in runs:
        results[name] = {"mb_per_s": size / best[name], "seconds": best[name]}
        if jobs:
            results[name]["exit"] = codes[name]
        print(f"  {name}: {size / best[name]:.2f} MB/s", file=sys.stderr, flush=True)
    base = results["mwparserfromhell.parse (a process)"]["mb_per_s"]
    rows = []
    for name, entry in results.items():
        j1 = results["wikikit check -j 1 (" + name.split("(")[-1]] if "-j 2" in name else None
        rows.append(
            [
                name,
                f"{entry['seconds']:.2f}",
                f"{entry['mb_per_s']:.2f}",
                f"{entry['mb_per_s'] / base:.2f}x",
                f"{entry['mb_per_s'] / j1['mb_per_s']:.2f}x" if j1 else "",
            ]
        )
    print(f"\n### `wikikit check` as a command ({size:.2f} MB, best of {repeat} turns)\n")
    head = ["command", "seconds", "MB/s", "vs mwparserfromhell.parse", "vs -j 1"]
    print(table(rows, head))
    return results


def conditions(python: str) -> dict[str, Any]:
    """The machine, its load and the versions, printed with the figures."""
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    versions: dict[str, str] = {}
    probe = (
        "import json; from importlib import metadata as m; out = {}\n"
        "for d in ('wikikit', 'mwparserfromhell', 'wikitextparser', 'mwcomposerfromhell'):\n"
        "    try: out[d] = m.version(d)\n"
        "    except m.PackageNotFoundError: out[d] = 'not installed'\n"
        "print(json.dumps(out))"
    )
    proc = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        versions = json.loads(proc.stdout)
    build = subprocess.run(
        [python, __file__, "--build"], capture_output=True, text=True, env=_env("installed")
    ).stdout.strip()
    if shutil.which("pandoc"):
        out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
        versions["pandoc"] = out.split("\n", 1)[0].split()[-1]
    py = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "machine": f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} CPUs",
        "python": py,
        "installed wikikit": build,
        "versions": versions,
        "load average (1, 5, 15 min)": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "section", nargs="?", default="all", choices=["all", "parse", "html", "check", "growth"]
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=5, help="turns: passes per contender")
    ap.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--mwpfh-once", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build:
        print(wikikit_build())
        return
    if args.mwpfh_once:
        for text in load(args.mwpfh_once):
            mwpfh_parse(text)
        return
    if args.serve:
        serve(args.serve, args.corpus)
        return
    report: dict[str, Any] = {"conditions": conditions(args.python)}
    print("### Conditions\n")
    for key, value in report["conditions"].items():
        print(f"- {key}: {value}")
    if args.section in ("all", "parse"):
        report["parse"] = run_section(
            "parse", "Parsing to a full tree", args.python, args.corpus, args.repeat, True
        )
    if args.section in ("all", "html"):
        report["html"] = run_section(
            "html", "Wikitext to HTML", args.python, args.corpus, args.repeat, False
        )
    if args.section in ("all", "check"):
        report["check"] = check_section(args.python, args.corpus, args.repeat)
    if args.section in ("all", "growth"):
        report["growth"] = hostile_growth()
    load_after = [round(x, 2) for x in os.getloadavg()]
    report["conditions"]["load average after"] = load_after
    print(f"\n- load average after the run: {load_after}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


HOSTILE = {
    "unclosed [[": "[[a ",
    "unclosed {{": "{{a|",
    "unclosed '''": "'''a ",
    "unclosed <b>": "<b>a ",
    "unclosed {| lines": "{|\n",
    "nested {{{{ }}}}": None,
    "nested [[ ]] in a template": "{{a|[[",
    "nested file links": "[[File:a|",
    "markup-dense single line": "a ''b'' [[c|d]] {{e|f=g}} <b>h</b> [http://i.j k] &amp; ",
}


def hostile_growth() -> dict[str, list[float]]:
    """Per-unit cost of hostile inputs at 10k, 40k and 160k units: 1.0 means linear."""
    import wikikit

    out: dict[str, list[float]] = {}
    rows = []
    for name, unit in HOSTILE.items():
        costs = []
        for n in (10_000, 40_000, 160_000):
            if unit is None:
                text = "{" * n + "x" + "}" * n
            elif unit == "{{a|[[":
                text = "{{a|" + "[[" * n + "]]" * n + "}}"
            elif unit == "[[File:a|":
                text = unit * n + "x" + "]]" * n
            else:
                text = unit * n
            start = time.perf_counter()
            doc = wikikit.parse(text)
            costs.append((time.perf_counter() - start) / n)
            assert doc.to_wikitext() == text
        out[name] = costs
        rows.append(
            [
                name,
                f"{costs[0] * 1e6:.2f} µs",
                f"{costs[1] / costs[0]:.2f}",
                f"{costs[2] / costs[0]:.2f}",
            ]
        )
    print("\n### Hostile input growth (wikikit.parse; per-unit cost relative to 10k units)\n")
    print(table(rows, ["input", "cost per unit at 10k", "at 40k", "at 160k"]))
    return out


if __name__ == "__main__":
    main()
