"""MediaWiki parser-test conformance ratchet for ``wikikit.to_html``.

Runs the shared scorer (``../shared/tools/parsertests.py``) on the core cases
of ``../shared/parsertests/`` and fails when a core case that is not listed
in ``tests/parsertests_known_failures.txt`` fails: the score only goes up.
A listed case that now passes fails the run too, until it is removed from
the list, so that it cannot slip back unnoticed. Skipped when the shared suite is not present.
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
# The shared suite sits beside the checkout; WIKIKIT_SHARED names it from elsewhere.
SHARED = Path(os.environ.get("WIKIKIT_SHARED", str(ROOT.parent / "shared")))
SCORER = SHARED / "tools" / "parsertests.py"
CASES = SHARED / "parsertests"
KNOWN = Path(__file__).resolve().parent / "parsertests_known_failures.txt"


def _known_failures() -> set[str]:
    names = set()
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line)
    return names


@pytest.mark.skipif(
    not (SCORER.exists() and CASES.is_dir()), reason="../shared/parsertests not present"
)
def test_parsertests_ratchet(tmp_path: Path) -> None:
    pytest.importorskip("html5lib")
    report = tmp_path / "report.json"
    jobs = str(max(2, min(8, os.cpu_count() or 2)))
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--converter",
            "wikikit:to_html",
            "--cases",
            str(CASES),
            "--only-core",
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
        timeout=600,
    )
    assert report.exists(), f"scorer failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    data = json.loads(report.read_text(encoding="utf-8"))
    core = [c for c in data["cases"] if c["tag"] == "core"]
    assert len(core) > 400, "the core case selection changed unexpectedly"
    known = _known_failures()
    failing = {f"{c['file']} :: {c['name']}" for c in core if c["status"] != "pass"}
    new = sorted(failing - known)
    fixed = sorted(known - failing)
    if fixed:
        print("now passing (remove from the known-failures list):", *fixed, sep="\n  ")
    passed = len(core) - len(failing)
    print(f"core: {passed}/{len(core)} ({100 * passed / len(core):.1f}%)")
    assert not new, "core cases that used to pass now fail:\n  " + "\n  ".join(new)
    assert not fixed, "now passing, remove from the known-failures list:\n  " + "\n  ".join(fixed)
    assert passed / len(core) >= 0.75
