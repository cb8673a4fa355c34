"""Write ``grammars/blocks.tables.json``, the LALR tables of ``grammars/blocks.lark``.

Run after editing the grammar (a test fails until the two agree):

    python tools/make_block_tables.py          # write the tables
    python tools/make_block_tables.py --check  # exit 1 when they are out of date

wikikit reads the shipped tables at its first parse instead of having lark build
them at every start; with tables made from another grammar text it builds them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wikikit.parser.blocks import TABLES_FILE, block_tables  # noqa: E402


def render(grammar: str) -> str:
    """The JSON text of the tables of ``grammar``: one state per line, for readable diffs."""
    tables = block_tables(grammar)
    states = ",\n".join(json.dumps(state, separators=(",", ":")) for state in tables["states"])
    head = json.dumps({"grammar": tables["grammar"], "start": tables["start"]})
    return head[:-1] + ', "states": [\n' + states + "\n]}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args()
    grammar = (ROOT / "grammars" / "blocks.lark").read_text(encoding="utf-8")
    target = ROOT / "grammars" / TABLES_FILE
    text = render(grammar)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            print(f"{target} is out of date: run python tools/make_block_tables.py")
            return 1
        return 0
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target} ({len(json.loads(text)['states'])} states)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
