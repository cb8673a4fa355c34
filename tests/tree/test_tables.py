"""Tables as data: the HTML table model's grid, spans filled down and right."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import wikikit
from wikikit import Table, TableCell


def table(text: str) -> Table:
    tables = wikikit.parse(text).tables
    assert len(tables) == 1
    return tables[0]


def test_plain_rows() -> None:
    t = table("{|\n|a||b\n|-\n|c\n|}")
    assert t.data() == [["a", "b"], ["c", ""]]
    assert t.data(span=False) == [["a", "b"], ["c"]]
    grid = t.grid()
    assert grid[1][1] is None and isinstance(grid[0][0], TableCell)


def test_rowspan_and_colspan_fill_down_and_right() -> None:
    t = table('{|\n|colspan="2" rowspan="2"|a||b\n|-\n|c\n|-\n|d||e||f\n|}')
    assert t.data() == [["a", "a", "b"], ["a", "a", "c"], ["d", "e", "f"]]
    assert t.data(span=False) == [["a", "b"], ["c"], ["d", "e", "f"]]
    grid = t.grid()
    assert grid[0][0] is grid[1][1]  # one cell, four slots


def test_spans_follow_the_html_table_model() -> None:
    # A rowspan stops at the last row; rowspan=0 runs to it; bad values count as 1.
    assert table("{|\n|rowspan=5|a||b\n|-\n|c\n|}").data() == [["a", "b"], ["a", "c"]]
    assert table("{|\n|rowspan=0|a||b\n|-\n|c\n|-\n|d\n|}").data() == [
        ["a", "b"],
        ["a", "c"],
        ["a", "d"],
    ]
    assert table("{|\n|colspan=x|a||colspan=0|b\n|}").data() == [["a", "b"]]
    assert table('{|\n|colspan="2px"|a\n|-\n|b||c\n|}').data() == [["a", "a"], ["b", "c"]]


def test_a_spanned_slot_pushes_later_cells_right() -> None:
    t = table("{|\n|a||rowspan=2|b||c\n|-\n|d||e\n|}")
    assert t.data() == [["a", "b", "c"], ["d", "b", "e"]]


def test_headers_attributes_and_plain_text() -> None:
    t = table('{|\n! scope="col" | Name !! Age\n|-\n| [[Ann Smith|Ann]] || {{nowrap|42}}\n|}')
    assert t.data() == [["Name", "Age"], ["Ann", "42"]]
    grid = t.grid()
    assert [c.header for c in grid[0] if c] == [True, True]
    assert grid[0][0] is not None and grid[0][0].attributes == {"scope": "col"}


def test_captions_and_empty_rows_are_not_rows() -> None:
    t = table("{|\n|+ Caption\n|-\n|-\n|a\n|+ late caption\n|}")
    assert t.data() == [["a"]]


def test_indented_and_nested_tables_are_found() -> None:
    doc = wikikit.parse(":{|\n|a\n|}\n\n{|\n|outer\n{|\n|inner\n|}\n|}\n")
    assert doc.tables[0].data(span=False) == [["a"]]
    assert len(doc.tables) == 3
    assert doc.tables[2].data() == [["inner"]]


@st.composite
def span_tables(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        cells = []
        for k in range(draw(st.integers(1, 4))):
            attrs = []
            if draw(st.booleans()):
                attrs.append(f"rowspan={draw(st.integers(0, 4))}")
            if draw(st.booleans()):
                attrs.append(f"colspan={draw(st.integers(0, 3))}")
            body = f"c{len(rows)}{k}"
            cells.append(("|" + " ".join(attrs) + "|" if attrs else "|") + body)
        rows.append("\n".join(cells))
    return "{|\n" + "\n|-\n".join(rows) + "\n|}\n"


@given(span_tables())
def test_grid_is_rectangular_and_every_cell_is_placed(text: str) -> None:
    t = table(text)
    grid = t.grid()
    raw = t.grid(span=False)
    assert len(grid) == len(raw)
    assert len({len(line) for line in grid}) <= 1
    placed = {id(c) for line in grid for c in line if c is not None}
    assert placed == {id(c) for line in raw for c in line}
    # Each cell covers a rectangle that starts in its own row.
    for r, line in enumerate(raw):
        for cell in line:
            rows_with = [i for i, g in enumerate(grid) if any(c is cell for c in g)]
            assert rows_with[0] == r
            assert rows_with == list(range(r, rows_with[-1] + 1))
