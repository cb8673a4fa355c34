"""MediaWiki parser-test conformance ratchet for expansion (``Wiki.to_html``).

Runs the shared scorer in ``--expand`` mode with ``conformance_adapter.render``
(a :class:`~wikikit.Wiki` holding each case file's ``!! article`` pages) and
fails when a case that is not listed in ``parsertests_expand_known_failures.txt``
fails, or when a listed one passes (remove it from the list). Core cases must
pass at least as often as they do without expansion. Skipped when the shared
suite is not present.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wikikit

ROOT = Path(__file__).resolve().parents[2]
_SHARED = [p / "shared" for p in (ROOT.parent, ROOT.parent.parent)]
SHARED = next((p for p in _SHARED if p.is_dir()), _SHARED[0])
SCORER = SHARED / "tools" / "parsertests.py"
CASES = SHARED / "parsertests"
HERE = Path(__file__).resolve().parent
KNOWN = HERE / "parsertests_expand_known_failures.txt"
PLAIN_KNOWN = ROOT / "tests" / "html" / "parsertests_known_failures.txt"
#: Cases that need the test wiki's files, interwiki table or harness tags, which
#: an expander alone cannot supply.
_OUT_OF_SCOPE = {"media", "interwiki", "harness-tag"}


def _names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line)
    return names


@pytest.mark.skipif(
    not (SCORER.exists() and CASES.is_dir()), reason="the shared parser tests are not present"
)
def test_parsertests_expand_ratchet(tmp_path: Path) -> None:
    pytest.importorskip("html5lib")
    report = tmp_path / "report.json"
    jobs = str(max(2, min(8, os.cpu_count() or 2)))
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--converter",
            "tests.expand.conformance_adapter:render",
            "--expand",
            "--cases",
            str(CASES),
            "--jobs",
            jobs,
            "--report",
            str(report),
            "--quiet",
            "--path",
            str(Path(wikikit.__file__).resolve().parents[1]),
            "--path",
            str(ROOT),
        ],
        # Outside the checkout (the scorer adds ./src to the path): the installed
        # package is the one scored.
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert report.exists(), f"scorer failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    cases = json.loads(report.read_text(encoding="utf-8"))["cases"]
    failing = {f"{c['file']} :: {c['name']}" for c in cases if c["status"] != "pass"}
    known = _names(KNOWN)
    new = sorted(failing - known)
    fixed = sorted(known - failing)
    core = [c for c in cases if c["tag"] == "core"]
    core_passed = sum(c["status"] == "pass" for c in core)
    scope = [c for c in cases if c["tag"] != "core" and not set(c["reasons"]) & _OUT_OF_SCOPE]
    scope_passed = sum(c["status"] == "pass" for c in scope)
    print(f"core: {core_passed}/{len(core)}; needs-expansion: {scope_passed}/{len(scope)}")
    assert not new, "cases that used to pass now fail:\n  " + "\n  ".join(new)
    assert not fixed, "now passing, remove from the known-failures list:\n  " + "\n  ".join(fixed)
    if PLAIN_KNOWN.exists():
        assert core_passed >= len(core) - len(_names(PLAIN_KNOWN))
    assert scope_passed / len(scope) >= 0.85
