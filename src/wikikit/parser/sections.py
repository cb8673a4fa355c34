"""The section tree: blocks grouped under their headings."""

from __future__ import annotations

from wikikit.tree import Block, Heading, Section

__all__ = ["build_sections"]


def build_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Group blocks under headings: a section runs to the next heading of its level or higher."""
    lead: list[Block] = []
    top: list[Section] = []
    # Frames: [heading, blocks, subsections].
    stack: list[tuple[Heading, list[Block], list[Section]]] = []

    def close() -> None:
        heading, body, subs = stack.pop()
        section = Section(heading, tuple(body), tuple(subs))
        (stack[-1][2] if stack else top).append(section)

    for block in blocks:
        if isinstance(block, Heading):
            while stack and stack[-1][0].level >= block.level:
                close()
            stack.append((block, [], []))
        elif stack:
            stack[-1][1].append(block)
        else:
            lead.append(block)
    while stack:
        close()
    return lead, top
