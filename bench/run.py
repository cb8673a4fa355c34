"""wikikit benchmark: throughput, memory and growth against the peers, in one run.

    python bench/run.py                 # parse + html sections on ../shared/corpus/wikipedia
    python bench/run.py parse --repeat 5
    python bench/run.py html
    python bench/run.py growth          # hostile inputs at 1x/4x/16x

Figures are ratios measured in the same run on the same machine; absolute MB/s
move with the machine's load. Not a test: nothing here asserts.
Needs the bench extras: pip install '.[bench]' (wikitextparser, mwcomposerfromhell).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

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


# -- sections -----------------------------------------------------------------------------


def table(rows: list[list[str]], head: list[str]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def run_section(
    title: str,
    contenders: list[tuple[str, Callable[[str], Any]]],
    baseline: str,
    texts: list[str],
    repeat: int,
    memory: bool,
) -> dict[str, Any]:
    size = mb(texts)
    largest = max(texts, key=len)
    results: dict[str, Any] = {}
    for name, fn in contenders:
        try:
            fn(texts[0])
        except Exception as exc:  # a missing peer is reported, not fatal
            results[name] = {"error": repr(exc)}
            continue
        seconds = best_time(fn, texts, repeat)
        entry: dict[str, Any] = {"mb_per_s": size / seconds}
        entry["growth"] = growth(fn, largest, max(1, repeat - 1))
        if memory:
            entry["peak_all_mb"], entry["peak_largest_mb"] = peak_memory(fn, texts)
        results[name] = entry
        print(f"  {name}: {entry['mb_per_s']:.2f} MB/s", file=sys.stderr, flush=True)
    base = results.get(baseline, {}).get("mb_per_s")
    rows = []
    for name, entry in results.items():
        if "error" in entry:
            rows.append([name, "n/a", "", "", "", entry["error"][:60]])
            continue
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
                f"{g[1] / g[0]:.2f} / {g[2] / g[0]:.2f}",
                mem,
                "",
            ]
        )
    print(f"\n### {title} ({size:.2f} MB, {len(texts)} pages, best of {repeat})\n")
    print(
        table(
            rows,
            [
                "contender",
                "MB/s",
                f"vs {baseline}",
                "per-copy cost 4x / 16x (vs 1x)",
                "peak MB (corpus kept / largest page)",
                "note",
            ],
        )
    )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("section", nargs="?", default="all", choices=["all", "parse", "html", "growth"])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    texts = load(args.corpus)
    report: dict[str, Any] = {"python": sys.version.split()[0]}
    if args.section in ("all", "parse"):
        report["parse"] = run_section(
            "Parsing to a full tree",
            [
                ("wikikit.parse", wikikit_parse),
                ("mwparserfromhell.parse", mwpfh_parse),
                ("wikitextparser + walk", wtp_walk),
                ("regex loop over markup", regex_loop),
            ],
            "mwparserfromhell.parse",
            texts,
            args.repeat,
            memory=True,
        )
    if args.section in ("all", "html"):
        contenders = [("wikikit.to_html", wikikit_html), ("mwcomposerfromhell", mwcomposer_html)]
        if shutil.which("pandoc"):
            contenders.append(("pandoc -f mediawiki", pandoc_html))
        report["html"] = run_section(
            "Wikitext to HTML",
            contenders,
            "mwcomposerfromhell",
            texts,
            args.repeat,
            memory=False,
        )
    if args.section in ("all", "growth"):
        report["growth"] = hostile_growth()
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
