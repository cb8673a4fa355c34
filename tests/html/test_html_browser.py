"""The standalone page in a real browser (headless Chromium).

Renders the seed article with ``standalone=True``, adds a small measuring
script (test-only; the page itself has no script), lets Chromium lay it out
and dump the DOM, and asserts on the geometry: the infobox floats at the
right of the first paragraph, which wraps beside it. A screenshot is taken
too. Skipped only when no Chromium binary is installed (CI installs
Debian's ``chromium``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import wikikit

SEED_PATHS = [
    Path(__file__).resolve().parents[3] / "shared/corpus/seed/second_battle_of_kidal.txt",
    Path(__file__).resolve().parents[2] / "fixtures/articles/second_battle_of_kidal.txt",
]


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium binary installed")

# Measures the layout and writes it into the DOM as JSON, for --dump-dom.
MEASURE = """
<script>
window.addEventListener('load', function () {
  function box(r) { return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            width: r.width, height: r.height}; }
  var info = document.querySelector('table.infobox');
  var para = document.querySelector('main > p');
  var range = document.createRange();
  range.selectNodeContents(para);
  var lines = range.getClientRects();
  var out = {
    viewport: window.innerWidth,
    infobox: box(info.getBoundingClientRect()),
    infoboxFloat: getComputedStyle(info).cssFloat,
    paragraph: box(para.getBoundingClientRect()),
    firstLine: box(lines[0]),
    h1: box(document.querySelector('h1').getBoundingClientRect())
  };
  var pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _chromium(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    cmd = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,1024",
        "--virtual-time-budget=3000",
        f"--user-data-dir={cwd / 'profile'}",
        *args,
    ]
    env = dict(os.environ, HOME=str(cwd))
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for p in SEED_PATHS:
        if p.exists():
            text = p.read_text(encoding="utf-8")
            break
    else:
        pytest.skip("seed article not found")
    out = tmp_path_factory.mktemp("browser")
    page = wikikit.to_html(text, dialect="article", standalone=True)
    (out / "seed.html").write_text(page, encoding="utf-8")
    (out / "measure.html").write_text(
        page.replace("</body>", MEASURE + "</body>"), encoding="utf-8"
    )
    return out


def test_screenshot(page_dir: Path) -> None:
    shot = page_dir / "seed.png"
    _chromium([f"--screenshot={shot}", (page_dir / "seed.html").as_uri()], page_dir)
    assert shot.exists() and shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keep = os.environ.get("WIKIKIT_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "second_battle_of_kidal.png")


def test_infobox_is_right_of_first_paragraph(page_dir: Path) -> None:
    proc = _chromium(["--dump-dom", (page_dir / "measure.html").as_uri()], page_dir)
    m = re.search(r'<pre id="layout">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"no layout in dumped DOM:\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}"
    layout = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    box, para, line = layout["infobox"], layout["paragraph"], layout["firstLine"]
    assert layout["infoboxFloat"] == "right"
    # The infobox sits in the right part of the content column …
    assert box["width"] > 150
    assert box["left"] > para["left"] + para["width"] / 3
    assert abs(box["right"] - para["right"]) < 2
    # … beside the first paragraph (they overlap vertically) …
    assert box["top"] < para["bottom"] and para["top"] < box["bottom"]
    # … whose text wraps at its left instead of running under it.
    assert line["right"] <= box["left"] + 1
    assert line["left"] < box["left"]
    # The title comes first, above both.
    assert layout["h1"]["bottom"] <= min(box["top"], para["top"]) + 1
