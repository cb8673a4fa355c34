"""Template expansion throughput on the shared corpus (a benchmark, not a test).

Expands every page of ``../shared/corpus/wikipedia`` against a template set
written here in the style of common Wikipedia templates: a citation template
(``cite web``/``news``/``journal``/``book``, ``Citation``) made of ``#if``
chains, a ``convert``-like template computing with ``#expr`` and ``#switch``,
an infobox built from ``#if`` rows (served for every ``Infobox …`` name), and a
few small helpers (``Main``, ``flagicon``, ``lang``, ``reflist``, ``ISBN``).
Prints pages/s and MB/s for expansion alone and for expansion plus rendering
(``Wiki.to_html``), and the same for pages without any template (the fast path).

Usage::

    python bench/bench_expand.py              # 5 rounds over the corpus
    python bench/bench_expand.py --rounds 1   # a quick look
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [p / "shared" / "corpus" / "wikipedia" for p in (ROOT.parent, ROOT.parent.parent)]
DEFAULT_CORPUS = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])

if importlib.util.find_spec("wikikit") is None:  # a checkout with nothing installed
    sys.path.insert(0, str(ROOT / "src"))
from run import wikikit_build  # noqa: E402  (bench/run.py, beside this script)

from wikikit import Wiki  # noqa: E402  (after the path is set)

CITATION = """<includeonly><cite class="citation {{{class|web}}}">{{#if:{{{author|}}}{{{last|}}}\
|{{#if:{{{last|}}}|{{{last}}}{{#if:{{{first|}}}|, {{{first}}}}}|{{{author}}}}}. }}\
{{#if:{{{url|}}}|[{{{url}}} {{{title|{{{url}}}}}}]|''{{{title|}}}''}}\
{{#if:{{{journal|}}}{{{work|}}}{{{newspaper|}}}{{{website|}}}|. ''{{{journal|{{{work|\
{{{newspaper|{{{website|}}}}}}}}}}}}''}}{{#if:{{{volume|}}}| '''{{{volume}}}'''}}\
{{#if:{{{issue|}}}| ({{{issue}}})}}{{#if:{{{pages|}}}|: {{{pages}}}}}\
{{#if:{{{publisher|}}}|. {{{publisher}}}}}{{#if:{{{date|}}}{{{year|}}}| ({{{date|{{{year}}}}}})}}\
{{#if:{{{isbn|}}}|. {{ISBN|{{{isbn}}}}}}}{{#if:{{{doi|}}}|. [[doi]]:[https://doi.org/{{{doi}}} \
{{{doi}}}]}}{{#if:{{{access-date|{{{accessdate|}}}}}}|. Retrieved {{{access-date|\
{{{accessdate}}}}}}}}.</cite>{{#ifeq:{{NAMESPACE}}||{{#if:{{{url|}}}||\
[[Category:Citations without URL]]}}}}</includeonly><noinclude>Documentation.</noinclude>"""

CONVERT = """<includeonly>{{#switch:{{{2|}}}
|km={{formatnum:{{{1}}}}}&nbsp;kilometres ({{formatnum:{{#expr:{{{1}}}*0.621371 round \
{{{3|1}}}}}}}&nbsp;mi)
|mi={{formatnum:{{{1}}}}}&nbsp;miles ({{formatnum:{{#expr:{{{1}}}*1.609344 round {{{3|1}}}}}}}\
&nbsp;km)
|m={{formatnum:{{{1}}}}}&nbsp;metres ({{formatnum:{{#expr:{{{1}}}*3.28084 round 0}}}}&nbsp;ft)
|ft={{formatnum:{{{1}}}}}&nbsp;feet ({{formatnum:{{#expr:{{{1}}}*0.3048 round 1}}}}&nbsp;m)
|kg={{{1}}}&nbsp;kilograms ({{#expr:{{{1}}}*2.20462 round 1}}&nbsp;lb)
|#default={{{1}}} {{{2|}}}
}}</includeonly>"""

# Pipes inside #if branches are written {{!}}, as on Wikipedia.
INFOBOX_ROW = "\n{{#if:{{{KEY|}}}|{{!}}-\n! LABEL\n{{!}} {{{KEY}}}}}"
INFOBOX_FIELDS = [
    "birth_date",
    "birth_place",
    "death_date",
    "death_place",
    "nationality",
    "occupation",
    "country",
    "area",
    "population",
    "website",
    "type",
    "founded",
    "location",
    "genre",
    "years_active",
    "label",
    "club",
    "position",
    "height",
    "weight",
]
INFOBOX = (
    '<includeonly>{| class="infobox vcard" style="width:22em"\n'
    "|+ {{{name|{{{title|{{PAGENAME}}}}}}}}\n"
    "\n{{#if:{{{image|}}}|{{!}}-\n{{!}} colspan=2 {{!}} [[File:{{{image}}}{{!}}220px]]}}"
    + "".join(
        INFOBOX_ROW.replace("KEY", key).replace("LABEL", key.replace("_", " ").capitalize())
        for key in INFOBOX_FIELDS
    )
    + "\n|}</includeonly>"
)

HELPERS = {
    "Template:Main": '<div role="note" class="hatnote">Main article: [[{{{1}}}]]</div>',
    "Template:Main article": "{{Main|{{{1}}}}}",
    "Template:Flagicon": "[[File:Flag of {{{1}}}.svg|23x15px|{{{1}}}]]",
    "Template:Lang": "<span lang=\"{{{1}}}\">''{{{2}}}''</span>",
    "Template:Reflist": "<references />{{#if:{{{1|}}}|<!-- columns -->}}",
    "Template:ISBN": "ISBN [[Special:BookSources/{{{1}}}|{{{1}}}]]",
    "Template:Nowrap": '<span class="nowrap">{{{1}}}</span>',
    "Template:Harvnb": (
        "[[#CITEREF{{{1}}}{{{2|}}}|{{{1}}} {{{2|}}}]]{{#if:{{{p|}}}|, p.&nbsp;{{{p}}}}}"
    ),
}


class Pages:
    """The template set; every ``Infobox …`` name gets the same infobox."""

    def __init__(self) -> None:
        self.pages = {f"Template:{name}": CITATION for name in ("Cite web", "Cite news")}
        for name in ("Cite journal", "Cite book", "Citation", "Internetquelle"):
            self.pages[f"Template:{name}"] = CITATION
        self.pages["Template:Convert"] = CONVERT
        self.pages.update(HELPERS)

    def get(self, title: str) -> str | None:
        if title.startswith("Template:Infobox"):
            return INFOBOX
        return self.pages.get(title)


def run(label: str, texts: list[tuple[str, str]], fn: object, rounds: int) -> None:
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    start = time.perf_counter()
    for _ in range(rounds):
        for title, text in texts:
            fn(text, title=title)  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    pages = len(texts) * rounds
    print(
        f"| {label} | {len(texts)} | {pages / elapsed:,.1f} | {size * rounds / elapsed / 1e6:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.wiki"))
    if not files:
        sys.exit(f"no .wiki files in {args.corpus}")
    texts = [(p.stem.replace("_", " "), p.read_text(encoding="utf-8")) for p in files]
    wiki = Wiki(pages=Pages(), now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    calls = sum(len(re.findall(r"\{\{", t)) for _, t in texts)
    print(f"{len(texts)} pages, {calls} '{{{{' openings; {args.rounds} rounds; {wikikit_build()}\n")
    print("| run | pages | pages/s | MB/s |")
    print("|---|---:|---:|---:|")
    run("expand", texts, wiki.expand, args.rounds)
    run("expand + render", texts, wiki.to_html, args.rounds)
    plain = [(title, text.replace("{{", "(")) for title, text in texts]
    run("expand, no templates (fast path)", plain, wiki.expand, args.rounds)


if __name__ == "__main__":
    main()
