"""A complete, self-contained HTML5 page around a rendered article."""

from __future__ import annotations

import re

from wikikit.html.anchors import escape_id
from wikikit.html.characters import clean_html, clean_text
from wikikit.html.renderer import link_open
from wikikit.html.sanitizer import escape_attr, escape_text

__all__ = [
    "DEFAULT_STYLESHEET",
    "REDIRECT_TO",
    "html_comment",
    "link_base_ok",
    "redirect_notice",
    "standalone_page",
    "toc_html",
]

#: MediaWiki's "redirectto" message (English), the line above a redirect's target.
REDIRECT_TO = "Redirect to:"

#: Readable body text, an infobox floated right, a boxed table of contents.
DEFAULT_STYLESHEET = """
body { margin: 0 auto; max-width: 60em; padding: 1em 2em; color: #202122;
  font: 16px/1.6 sans-serif; background: #fff; }
h1, h2 { overflow: hidden; font-family: Georgia, 'Times New Roman', serif; font-weight: normal;
  border-bottom: 1px solid #a2a9b1; }
h1 { font-size: 1.8em; } h2 { font-size: 1.5em; margin-top: 1em; }
h3 { font-size: 1.2em; } p { margin: 0.5em 0; }
a { color: #0645ad; text-decoration: none; } a:hover { text-decoration: underline; }
a.external { color: #36b; }
pre { background: #f8f9fa; border: 1px solid #eaecf0; padding: 1em; overflow-x: auto; }
table.infobox { float: right; clear: right; width: 22em; margin: 0 0 1em 1em;
  border: 1px solid #a2a9b1; background: #f8f9fa; border-collapse: collapse;
  font-size: 88%; line-height: 1.5; }
table.infobox caption { font-size: 125%; font-weight: bold; padding: 0.2em; }
table.infobox th, table.infobox td { vertical-align: top; text-align: left;
  padding: 0.2em 0.4em; border-top: 1px solid #eaecf0; }
table.wikitable { border: 1px solid #a2a9b1; border-collapse: collapse; background: #f8f9fa; }
table.wikitable th, table.wikitable td { border: 1px solid #a2a9b1; padding: 0.2em 0.4em; }
#toc { display: inline-block; border: 1px solid #a2a9b1; background: #f8f9fa;
  padding: 0.5em 1em; font-size: 95%; }
#toc ul { list-style: none; margin: 0; padding-left: 1.2em; }
#toc > ul { padding-left: 0; }
#toc .toctitle { font-weight: bold; text-align: center; }
.tocnumber { color: #202122; padding-right: 0.4em; }
sup.reference { line-height: 1; }
ol.references { font-size: 90%; }
.redirectMsg p { margin: 0.5em 0 0.2em; } ul.redirectText { margin: 0 0 1em 1.5em; }
.wikikit-template, .wikikit-argument, .wikikit-ext { display: none; }
.wikikit-thumb { display: block; float: right; clear: right; width: 220px;
  margin: 0.5em 0 1em 1.4em; padding: 4px; border: 1px solid #c8ccd1;
  background: #f8f9fa; font-size: 88%; line-height: 1.4; }
.wikikit-thumb > a { display: block; word-break: break-all; font-size: 90%; }
.wikikit-caption { display: block; }
ul.gallery { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5em; }
li.gallerybox { width: 180px; padding: 4px; border: 1px solid #c8ccd1; background: #f8f9fa;
  font-size: 88%; }
li.gallerybox > a { display: block; word-break: break-all; font-size: 90%; }
"""


def html_comment(text: str) -> str:
    """An HTML comment showing ``text`` (a file name, a page title) that nothing in
    it can end early: ``-``, ``<``, ``>`` and ``&`` are written as character
    references, which a comment shows as they are."""
    safe = text.replace("&", "&amp;").replace("-", "&#45;").replace("<", "&lt;")
    return f"<!-- {clean_text(safe.replace('>', '&gt;'))} -->"


# An http(s) URL, or a path with no scheme (javascript:, data: …) that has a "/", "?"
# or "#" (so that a title's colon cannot make the whole href a scheme), or nothing;
# none with a character that could end an attribute or a URL (quotes, <>, spaces).
_LINK_BASE_RE = re.compile(
    r"(?:(?i:https?)://[^\s\x00-\x1f\x7f\"'<>\\`]+"
    r"|(?![A-Za-z][A-Za-z0-9+.\-]*:)[^\s\x00-\x1f\x7f\"'<>\\`]*[/?#][^\s\x00-\x1f\x7f\"'<>\\`]*"
    r"|)\Z"
)


def link_base_ok(link_base: str) -> bool:
    """Whether ``link_base`` may prefix internal links: an ``http://`` or ``https://`` URL,
    a relative path with a ``/``, ``?`` or ``#`` in it (``/wiki/``, ``../pages/``,
    ``index.php?title=``), or nothing; without quotes, angle brackets or spaces.
    (A bare word such as ``java`` would let ``[[Script:x]]`` spell a scheme.)"""
    return _LINK_BASE_RE.match(link_base) is not None


def redirect_notice(target: str, fragment: str = "", *, link_base: str = "/wiki/") -> str:
    """MediaWiki's notice at the top of a redirect page (``getRedirectHeaderHtml``): the
    "Redirect to:" line and a link to ``target`` (a normalized title) showing its full text."""
    frag = f"#{escape_id(fragment.strip())}" if fragment.strip() else ""
    text = f"{target}#{fragment}" if fragment else target
    return (
        f'<div class="redirectMsg"><p>{escape_text(REDIRECT_TO)}</p><ul class="redirectText">'
        f"<li>{link_open(link_base, target, frag)}{escape_text(text)}</a></li></ul></div>"
    )


_SECTION_HEADING_RE = re.compile(r'<div class="mw-heading mw-heading[2-6]"|<h[2-6][ >]')


def toc_html(headings: list[tuple[int, str, str]] | tuple[tuple[int, str, str], ...]) -> str:
    """A nested, numbered table of contents for ``(level, id, text)`` headings."""
    out: list[str] = [
        '<div id="toc" class="toc" role="navigation">',
        '<div class="toctitle"><h2 id="mw-toc-heading">Contents</h2></div>',
    ]
    levels: list[int] = []
    numbers: list[int] = []
    for level, anchor, text in headings:
        if level <= 1:
            continue
        while levels and levels[-1] > level:
            levels.pop()
            numbers.pop()
            out.append("</li></ul>")
        if levels and levels[-1] == level:
            numbers[-1] += 1
            out.append("</li>")
        else:
            levels.append(level)
            numbers.append(1)
            out.append("<ul>")
        number = ".".join(str(n) for n in numbers)
        out.append(
            f'<li class="toclevel-{len(levels)}"><a href="#{escape_attr(anchor)}">'
            f'<span class="tocnumber">{number}</span> '
            f'<span class="toctext">{escape_text(text)}</span></a>'
        )
    while levels:
        levels.pop()
        out.append("</li></ul>")
    out.append("</div>")
    return "\n".join(out)


def standalone_page(
    body: str,
    title: str | None,
    headings: list[tuple[int, str, str]] | tuple[tuple[int, str, str], ...],
    *,
    stylesheet: str | None = None,
    toc: bool | None = None,
    heading: str | None = None,
) -> str:
    """Wrap an article fragment in a complete HTML5 document.

    ``title`` goes in ``<title>``; ``heading`` (the page title) is shown as the page's
    ``<h1>`` (None: the fragment brings its own, or there is none). The table of contents
    goes before the first section heading when the article has four or more headings
    (MediaWiki's rule); ``toc`` forces it on (``__FORCETOC__``) or off (``__NOTOC__``).
    """
    css = DEFAULT_STYLESHEET if stylesheet is None else stylesheet
    css = css.replace("</", "<\\/")  # a stylesheet can never close its <style> element
    section_headings = [h for h in headings if h[0] > 1]
    if section_headings and (toc if toc is not None else len(section_headings) >= 4):
        toc_div = toc_html(section_headings)
        # Before the first section heading (after the title and the lead).
        m = _SECTION_HEADING_RE.search(body)
        pos = m.start() if m else 0
        body = body[:pos] + toc_div + "\n" + body[pos:]
    head_title = escape_text(title) if title else "Article"
    if heading:
        body = f'<h1 id="firstHeading" class="firstHeading">{escape_text(heading)}</h1>\n{body}'
    # The title and the contents come from the page: no character HTML forbids.
    return clean_html(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{head_title}</title>\n<style>{css}</style>\n</head>\n"
        f'<body>\n<main class="mw-body-content mw-parser-output">\n{body}\n</main>\n'
        "</body>\n</html>\n"
    )
