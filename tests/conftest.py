"""Shared paths and the hypothesis profiles."""

from __future__ import annotations

import bz2
import gzip
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# The tests run against the installed package, so that CI tests the build users get
# (compiled or pure). A checkout with nothing installed falls back to its sources.
if importlib.util.find_spec("wikikit") is None:
    sys.path.insert(0, str(ROOT / "src"))
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
SEED = ARTICLES / "second_battle_of_kidal.txt"
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=20000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def compiled_modules() -> list[str]:
    """The wikikit modules that run as compiled extensions in this interpreter."""
    import wikikit

    package = Path(wikikit.__file__).parent
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    found = []
    for path in package.rglob("*"):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is not None:
            parts = path.relative_to(package.parent).parts
            found.append(".".join([*parts[:-1], path.name[: -len(suffix)]]))
    return sorted(found)


def pytest_report_header() -> str:
    import wikikit

    compiled = compiled_modules()
    kind = f"compiled ({len(compiled)} modules)" if compiled else "pure Python"
    return f"wikikit {wikikit.__version__}: {kind}, from {Path(wikikit.__file__).parent}"


def fixture_articles() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir() if p.suffix in (".wiki", ".txt"))


def read_exact(path: Path) -> str:
    """The file's text with its newlines untouched."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def dump_xml(pages: list[tuple[str, list[str]]]) -> bytes:
    """A minimal MediaWiki export: ``(title, [revision texts, oldest first])`` per page."""
    from wikikit.sources import export_xml

    return "".join(export_xml(pages)).encode("utf-8")


def write_dump(path: Path, pages: list[tuple[str, list[str]]]) -> Path:
    """Write a dump, compressed according to the suffix of ``path``."""
    data = dump_xml(pages)
    if path.name.endswith(".bz2"):
        data = bz2.compress(data)
    elif path.name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


#: The seed's infobox fields, written out by hand from the file.
SEED_FIELDS = [
    ("Conflict", "Second Battle of Kidal"),
    ("Partof", "the Internal conflict in Azawad"),
    ("Date", "16–21 May 2014, ()"),
    ("Place", "Kidal, Mali"),
    ("Result", "Kidal captured by MNLA, Malian Army forced to withdraw from Kidal."),
    ("Combatant1", "Malian Army"),
    ("Combatant2", "MNLA"),
    ("Strength1", "1,500"),
    ("Strength2", "Unknown"),
    (
        "Casualties1",
        "40 killed, 50 wounded, 70 captured, 50 vehicles captured, "
        "12 armoured vehicles captured, (According to the MNLA)",
    ),
    ("Casualties2", "2 killed, 10 wounded, (According to the MNLA)"),
]
