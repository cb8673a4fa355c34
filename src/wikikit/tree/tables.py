"""Tables as data: a table's cells laid out on a grid, spans filled in.

:meth:`Table.grid <wikikit.tree.Table.grid>` places every cell the way a
browser lays out MediaWiki's HTML table (the HTML table model): each cell
takes the first free column of its row, a ``colspan`` fills to the right and a
``rowspan`` down, so a spanned cell appears in every slot it covers.
:meth:`Table.data <wikikit.tree.Table.data>` is the same grid with each
cell's plain text; ``span=False`` gives the rows as written.

As in the HTML table model (and unlike wikitextparser, which adds rows), a
``rowspan`` reaching past the last row stops there; ``rowspan=0`` runs to
the last row; a row with no cells (``|-`` twice) is no row, as MediaWiki
writes none for it. Short rows are padded: with None in the grid, ``""`` in
the data. Captions (``|+``, wherever they stand) are not cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from wikikit.tree.attributes import digits_value


class _Cell(Protocol):
    @property
    def attributes(self) -> dict[str, str]: ...

    @property
    def text(self) -> str: ...

    @property
    def is_caption(self) -> bool: ...


C = TypeVar("C", bound=_Cell)
C_co = TypeVar("C_co", bound=_Cell, covariant=True)


class _Row(Protocol[C_co]):
    @property
    def cells(self) -> Sequence[C_co]: ...


__all__ = ["cell_text", "table_data", "table_grid"]

# ASCII digits only, as the HTML parser reads them.
_LEADING_INT = re.compile(r"\s*\+?([0-9]+)")
#: The HTML limits on spans.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534


def _span(cell: _Cell, name: str, limit: int) -> int:
    """A span as the HTML parser reads it: its leading digits; 0 or junk is 1 (colspan) and
    0 is "to the end" (rowspan, returned as 0)."""
    value = cell.attributes.get(name)
    if value is None:
        return 1
    m = _LEADING_INT.match(value)
    if m is None:
        return 1
    # Longer than the limit is over it.
    n = digits_value(m.group(1), len(str(limit)))
    n = limit if n is None else min(n, limit)
    if n == 0:
        return 0 if name == "rowspan" else 1
    return n


def table_grid(rows_of: Sequence[_Row[C]], span: bool = True) -> list[list[C | None]]:
    """A table's cells on a grid, from its rows (see the module doc)."""
    # A "|+" caption among the cells is the table's caption (the HTML parser moves it out).
    rows = [[c for c in row.cells if not c.is_caption] for row in rows_of]
    rows = [cells for cells in rows if cells]
    if not span:
        return [list(cells) for cells in rows]
    total = len(rows)
    grid: list[list[C | None]] = [[] for _ in range(total)]
    for r, cells in enumerate(rows):
        line = grid[r]
        c = 0
        for cell in cells:
            while c < len(line) and line[c] is not None:
                c += 1
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
            last = total if rowspan == 0 else min(total, r + rowspan)
            for rr in range(r, last):
                target = grid[rr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for cc in range(c, c + colspan):
                    if target[cc] is None:
                        target[cc] = cell
            c += colspan
    width = max((len(line) for line in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return grid


def cell_text(cell: _Cell) -> str:
    """A cell's plain text on one line."""
    return " ".join(cell.text.split())


def table_data(rows_of: Sequence[_Row[C]], span: bool = True) -> list[list[str]]:
    """The plain text of each cell on the grid (``""`` where a row is short)."""
    texts: dict[int, str] = {}
    out = []
    for line in table_grid(rows_of, span):
        row = []
        for cell in line:
            if cell is None:
                row.append("")
                continue
            key = id(cell)
            if key not in texts:
                texts[key] = cell_text(cell)
            row.append(texts[key])
        out.append(row)
    return out
