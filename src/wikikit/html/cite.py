"""Footnotes as the Cite extension renders them: ``<ref>`` and ``<references>``.

This follows the extension's own rules (``Cite``, ``Validator``,
``ReferenceStack``, ``FootnoteMarkFormatter``, ``ReferenceListFormatter``,
``AnchorFormatter``, ``ErrorReporter``) with its default configuration and its
English messages; the code is our own.

* A footnote mark is ``<sup id="cite_ref-…" class="reference">`` around a link
  to the note, the label between ``<span class="cite-bracket">`` brackets; a
  group's label is ``"group n"``.
* Every new reference takes the next number of the whole page (its *global
  id*, used in anchors) and the next number of its group (its label). A named
  reference used again only counts one more use.
* The list is ``<ol class="references">`` (``data-mw-group`` for a group),
  wrapped in ``<div class="mw-references-wrap">`` (plus
  ``mw-references-columns`` beyond 10 items) unless ``responsive="0"``. An item
  used once has one ``↑`` backlink; one used n times ``↑`` then n numbered
  backlinks (``1.0``, ``1.1`` …, or ``a``, ``b`` … with ``backlinks="alphabetic"``,
  as Wikipedia configures it).
* A list empties its group: later references of that group start again at 1.
  References still unlisted at the end of the page get a default-group list,
  or an error for any other group.
* Errors are Cite's messages: fatal ones replace the mark, the others follow
  the reference's text in the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from wikikit.html.anchors import escape_id
from wikikit.html.sanitizer import escape_attr, escape_text
from wikikit.tree import ExtensionTag, Inline

__all__ = ["Cite"]

DEFAULT_GROUP: Final = ""
_REF_ARGS: Final = ("group", "name", "follow", "dir")
_REFERENCES_ARGS: Final = ("group", "responsive")
_COLUMNS_THRESHOLD: Final = 10
_BACKLINK_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz"

_REF: Final = "<code>&lt;ref&gt;</code>"
_REFERENCES: Final = "<code>&lt;references&gt;</code>"
#: Cite's English messages (i18n/en.json), already parsed to HTML.
MESSAGES = {
    "cite_error_ref_invalid_dir": 'Invalid <code>dir="$1"</code>, must be "ltr", "rtl" or "auto".',
    "cite_error_ref_conflicting_dir": (
        f'One of the {_REF} tags with the name "$1" does have a conflicting dir attribute.'
    ),
    "cite_error_ref_numeric_key": (
        f"Invalid {_REF} tag; name cannot be a simple integer. Use a descriptive title."
    ),
    "cite_error_ref_no_key": f"The opening {_REF} tag is malformed or has a bad name.",
    "cite_error_ref_too_many_keys": (
        f'Invalid parameter "$1" in {_REF} tag. The supported parameters are: $2.'
    ),
    "cite_error_ref_parameter_suggestion": (
        f'Invalid parameter "$1" in {_REF} tag. Did you mean "$2"?'
    ),
    "cite_error_ref_follow_conflicts": (
        '<code>&lt;ref follow="…"&gt;</code> tag that is the continuation of a previous one '
        "cannot be named individually or have details."
    ),
    "cite_error_ref_no_input": f"Invalid {_REF} tag; refs with no name must have content.",
    "cite_error_references_duplicate_key": (
        f'Invalid {_REF} tag; name "$1" defined multiple times with different content.'
    ),
    "cite_error_references_invalid_parameters": (
        f'Invalid parameter "$1" in {_REFERENCES} tag. The supported parameters are: $2.'
    ),
    "cite_error_references_no_text": (
        f'Invalid {_REF} tag; no text was provided for refs named "$1".'
    ),
    "cite_error_included_ref": (f"Closing <code>&lt;/ref&gt;</code> missing for {_REF} tag."),
    "cite_error_included_references": f"Closing tag missing for {_REFERENCES}.",
    "cite_error_group_refs_without_references": (
        f'{_REF} tags exist for a group named "$1", but no corresponding '
        '<code>&lt;references group="$1"/&gt;</code> tag was found.'
    ),
    "cite_error_references_group_mismatch": (
        f'{_REF} tag in {_REFERENCES} has conflicting group attribute "$1".'
    ),
    "cite_error_references_missing_key": (
        f'{_REF} tag with name "$1" defined in {_REFERENCES} is not used in prior text.'
    ),
    "cite_error_references_no_key": f"{_REF} tag defined in {_REFERENCES} has no name attribute.",
    "cite_error_empty_references_define": (
        f'{_REF} tag with name "$1" defined in {_REFERENCES} group "$2" has no content.'
    ),
}
# The follow-conflict message starts with "A " in the extension.
MESSAGES["cite_error_ref_follow_conflicts"] = "A " + MESSAGES["cite_error_ref_follow_conflicts"]

Message = tuple[str, ...]  # key, then parameters (plain text)


def error_html(key: str, *params: str) -> str:
    """A Cite message as the extension shows it: ``<span class="error mw-ext-cite-error" …>``."""
    text = MESSAGES[key]
    for i, param in enumerate(params, 1):
        text = text.replace(f"${i}", escape_text(param))
    kind = "error" if key.startswith("cite_error") else "warning"
    if kind == "error":
        text = "Cite error: " + text
        cls = "error mw-ext-cite-error"
    else:
        cls = f"warning mw-ext-cite-warning mw-ext-cite-warning-{key.split('_', 2)[-1]}"
    return f'<span class="{cls}" lang="en" dir="ltr">{text}</span>'


class _Status:
    """Cite's StatusValue: messages in order, and whether any of them is fatal."""

    __slots__ = ("fatal", "messages")

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.fatal = False

    def warning(self, *msg: str) -> None:
        self.messages.append(msg)

    def error(self, *msg: str) -> None:
        self.messages.append(msg)
        self.fatal = True


class _Ref:
    """One footnote (Cite's ReferenceStackItem)."""

    __slots__ = (
        "count",
        "dir",
        "follow",
        "global_id",
        "group",
        "name",
        "nodes",
        "number",
        "text",
        "warnings",
    )

    def __init__(self, group: str, name: str | None) -> None:
        self.group = group
        self.name = name
        self.count = 0
        self.dir: str | None = None
        self.follow: str | None = None
        self.global_id = 0
        self.number = 0
        self.text: str | None = None  # the body as written, compared for reuse
        # The tags whose bodies make the note (None: an empty piece), parsed only when
        # the list is built: a reused ref's body is never parsed again.
        self.nodes: list[ExtensionTag | None] = []
        self.warnings: list[Message] = []


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _closest(bad: str, allowed: tuple[str, ...]) -> str | None:
    bad = bad.strip().lower()
    if len(bad) > 20:
        return None
    best, best_distance = "", 0
    for word in allowed:
        distance = _levenshtein(bad, word)
        if distance <= 1:
            return word
        if not best or distance < best_distance:
            best, best_distance = word, distance
    return best if best_distance <= len(best) / 2 else None


def _filter_arguments(
    attrs: dict[str, str], allowed: tuple[str, ...], status: _Status, for_list: bool
) -> dict[str, str | None]:
    args: dict[str, str | None] = dict.fromkeys(allowed)
    bad = [k for k in attrs if k not in allowed]
    for k in allowed:
        if k in attrs:
            args[k] = attrs[k]
    if bad:
        suggestion = None if for_list else _closest(bad[0], allowed)
        if suggestion:
            status.warning("cite_error_ref_parameter_suggestion", bad[0], suggestion)
        else:
            key = (
                "cite_error_references_invalid_parameters"
                if for_list
                else "cite_error_ref_too_many_keys"
            )
            status.warning(key, bad[0], ", ".join(sorted(allowed)))
    return args


# Tags with a body and comments, taken out before looking for a stray <ref (T8199).
_PAIRED_TAG_RE: Final = re.compile(r"<(\w+)[^>]*>.*?</\1\s*>|<!--.*?-->", re.S)
_STRAY_REF_RE: Final = re.compile(r"<ref(?:erences)?\b[^>]*>", re.I)
_SPACE_RUN_RE: Final = re.compile(r"[_\s]+")


_PLAIN_ID: Final = re.compile(r"[A-Za-z0-9_.:\-]*")


def _anchor(ident: str) -> str:
    """An id as MediaWiki's legacy fragment mode writes it, ready for an attribute."""
    if _PLAIN_ID.fullmatch(ident):
        return ident  # nothing to encode or escape
    return escape_attr(escape_id(ident))


def _fragment(text: str) -> str:
    """Cite's normalizeFragmentIdentifier: runs of spaces and underscores become one ``_``."""
    return _SPACE_RUN_RE.sub("_", text)


#: Turns a footnote's body into (intermediate) HTML.
Render = Callable[[tuple[Inline, ...]], str]
#: Called on each finished list (its HTML, whether a note spans lines).
Seal = Callable[[str, bool], str]


class Cite:
    """The state of one page's footnotes.

    The methods that render bodies take ``render`` (and ``seal``) from the caller
    rather than keeping them: the renderer's bound methods kept here would make the
    renderer and its Cite a reference cycle, alive until the cyclic collector runs.
    """

    def __init__(self, *, backlinks: str = "numeric") -> None:
        self.backlinks = backlinks
        self.groups: dict[str, dict[str | int, _Ref]] = {}
        self.sequence = 0
        self.group_sequence: dict[str, int] = {}
        self.in_ref = False
        self.in_references: str | None = None
        self.references_errors: list[Message] = []
        self._multiline = False

    # -- <ref> -----------------------------------------------------------------------

    def ref(self, node: ExtensionTag) -> str | None:
        """The footnote mark (or error) for a ``<ref>``; None where a ref is not allowed."""
        if self.in_ref:
            return None
        self.in_ref = True
        try:
            return self._ref(node.content, node, node.attributes)
        finally:
            self.in_ref = False

    def _ref(self, text: str | None, nodes: ExtensionTag | None, attrs: dict[str, str]) -> str:
        status = _Status()
        args = _filter_arguments(attrs, _REF_ARGS, status, for_list=False)
        self._validate(text, args, status)
        group = args["group"] or DEFAULT_GROUP
        name = args["name"] or None
        if self.in_references is not None and name and name not in self.groups.get(group, {}):
            status.warning("cite_error_references_missing_key", name)
        if text is not None and not text.strip():
            text = None
            nodes = None
        if self.in_references is not None:
            if status.fatal:
                self.references_errors.append(status.messages[0])
            else:
                defined = self._list_defined(group, name, text, nodes)
                defined.warnings.extend(status.messages)
            return ""
        if status.fatal:
            return error_html(*status.messages[0])
        ref = self._push(text, nodes, group, name, args["follow"] or None, args["dir"])
        if ref is None:
            return ""
        ref.warnings.extend(status.messages)
        return self._mark(ref)

    def _validate(self, text: str | None, args: dict[str, str | None], status: _Status) -> None:
        """Cite's Validator::validateRef (the arguments are cleaned in place)."""
        in_list = self.in_references
        group = args["group"]
        if group is None:
            group = args["group"] = in_list if in_list is not None else DEFAULT_GROUP
        name = args["name"] or ""
        follow = args["follow"] or ""
        if name.isdigit() and name.isascii():
            args["name"] = None
            name = ""
            status.warning("cite_error_ref_numeric_key")
        elif follow.isdigit() and follow.isascii():
            status.error("cite_error_ref_numeric_key")
        if follow and name:
            status.error("cite_error_ref_follow_conflicts")
        if args["dir"] is not None:
            lower = args["dir"].lower()
            if lower not in ("rtl", "ltr", "auto"):
                status.warning("cite_error_ref_invalid_dir", args["dir"])
                args["dir"] = None
            else:
                args["dir"] = lower
        if in_list is None:
            if not name:
                if text is None:
                    status.error("cite_error_ref_no_key")
                elif not text.strip():
                    status.error("cite_error_ref_no_input")
            if text is not None and _STRAY_REF_RE.search(_PAIRED_TAG_RE.sub("", text)):
                status.error("cite_error_included_ref")
            return
        if group != in_list:
            args["group"] = in_list
            status.warning("cite_error_references_group_mismatch", group)
        if not name:
            status.warning("cite_error_references_no_key")
        if text is None or not text.strip():
            status.error("cite_error_empty_references_define", name, args["group"] or "")

    def _next_id(self) -> int:
        self.sequence += 1
        return self.sequence

    def _push(
        self,
        text: str | None,
        nodes: ExtensionTag | None,
        group: str,
        name: str | None,
        follow: str | None,
        direction: str | None,
    ) -> _Ref | None:
        refs = self.groups.setdefault(group, {})
        self.group_sequence.setdefault(group, 0)
        if follow:
            # A follow="…" continues an earlier note: it never gets a mark of its own.
            self._follow(refs, group, text, nodes, follow)
            return None
        if name and name in refs:
            ref = refs[name]
            ref.count += 1
            if name and ref.dir and direction and ref.dir != direction:
                ref.warnings.append(("cite_error_ref_conflicting_dir", name))
            if ref.text is None and text is not None:
                ref.text = text
                ref.nodes = [nodes]
                ref.dir = direction
            elif text is not None and text != ref.text:
                ref.warnings.append(("cite_error_references_duplicate_key", name))
        else:
            ref = _Ref(group, name)
            ref.count = 1
            ref.dir = direction
            ref.text = text
            ref.nodes = [nodes] if text is not None else []
            ref.global_id = self._next_id()
            refs[name or ref.global_id] = ref
        if not ref.number:
            self.group_sequence[group] += 1
            ref.number = self.group_sequence[group]
        return ref

    def _follow(
        self,
        refs: dict[str | int, _Ref],
        group: str,
        text: str | None,
        nodes: ExtensionTag | None,
        follow: str,
    ) -> None:
        if follow not in refs:
            # An incomplete follow="…": listed on its own, as a paragraph.
            ref = _Ref(group, None)
            ref.count = 1
            ref.follow = follow
            ref.text = text
            ref.nodes = [nodes] if text is not None else []
            ref.global_id = self._next_id()
            refs[ref.global_id] = ref
        elif text is not None:
            previous = refs[follow]
            previous.text = (previous.text or "") + " " + text
            if not previous.nodes:
                previous.nodes.append(None)
            previous.nodes.append(nodes)

    def _list_defined(
        self, group: str, name: str | None, text: str | None, nodes: ExtensionTag | None
    ) -> _Ref:
        refs = self.groups.setdefault(group, {})
        key: str | int = name if name else self._next_id()
        found = refs.get(key)
        if found is None:
            found = refs[key] = _Ref(group, name)
        ref = found
        if ref.text is None:
            ref.text = text
            ref.nodes = [nodes] if text is not None else []
        elif text is not None and ref.text != text:
            ref.warnings.append(("cite_error_references_duplicate_key", name or str(key)))
        return ref

    def _mark(self, ref: _Ref) -> str:
        label = f"{ref.group} {ref.number}" if ref.group else str(ref.number)
        backlink = _anchor(self._backlink_id(ref.name, ref.global_id, ref.count))
        note = _anchor(self._note_id(ref.name, ref.global_id))
        return (
            f'<sup id="{backlink}" class="reference">'
            f'<a href="#{note}"><span class="cite-bracket">&#91;</span>'
            f'{escape_text(label)}<span class="cite-bracket">&#93;</span></a></sup>'
        )

    @staticmethod
    def _backlink_id(name: str | None, global_id: int, count: int) -> str:
        ident = _fragment(f"{name}_{global_id}") if name else str(global_id)
        if name or count > 1:
            ident += f"-{count - 1}"
        return f"cite_ref-{ident}"

    @staticmethod
    def _note_id(name: str | None, global_id: int) -> str:
        ident = f"{_fragment(name)}-{global_id}" if name else str(global_id)
        return f"cite_note-{ident}"

    # -- <references> ----------------------------------------------------------------

    def references(
        self, node: ExtensionTag, render: Render, seal: Seal | None = None
    ) -> str | None:
        """The list for a ``<references>`` tag (its inner refs defined first)."""
        if self.in_ref or self.in_references is not None:
            return None
        status = _Status()
        args = _filter_arguments(node.attributes, _REFERENCES_ARGS, status, for_list=True)
        content = node.content
        if content and re.search(r"<references\b", content, re.I):
            status.error("cite_error_included_references")
        responsive: bool | None = None
        if args["responsive"] is not None:
            responsive = args["responsive"] != "0"
        group = args["group"] or DEFAULT_GROUP
        self.in_references = group
        try:
            if content and content.strip():
                # List-defined references: their marks print nothing here.
                render(node.children or ())
            if status.messages:
                html = error_html(*status.messages[0])
            else:
                html = self.format_group(group, render, seal, responsive)
                html += self._references_errors()
        finally:
            self.in_references = None
        return html

    def _references_errors(self) -> str:
        if not self.references_errors:
            return ""
        html = "<br />\n".join(error_html(*m) for m in self.references_errors)
        self.references_errors = []
        return "\n" + html

    def format_group(
        self, group: str, render: Render, seal: Seal | None = None, responsive: bool | None = None
    ) -> str:
        """The list of ``group`` (empty when it has no references); the group is emptied."""
        refs = self.groups.pop(group, {})
        self.group_sequence.pop(group, None)
        for ref in refs.values():
            if ref.text is None and ref.follow is None:
                ref.warnings.append(("cite_error_references_no_text", ref.name or ""))
        self._multiline = False
        if not refs:
            return ""
        items = sorted(refs.values(), key=lambda r: r.number)
        body = "\n" + "".join(self._item(ref, render) + "\n" for ref in items)
        group_attr = f' data-mw-group="{escape_attr(group)}"' if group else ""
        html = f'<ol class="references"{group_attr}>{body}</ol>'
        if responsive is None or responsive:
            cls = "mw-references-wrap"
            if len(refs) > _COLUMNS_THRESHOLD:
                cls += " mw-references-columns"
            html = f'<div class="{cls}">{html}</div>'
        return seal(html, self._multiline) if seal is not None else html

    def _text(self, ref: _Ref, render: Render) -> str:
        text = " ".join(render((tag.children or ()) if tag else ()) for tag in ref.nodes)
        if "\n" in text.rstrip("\n"):
            self._multiline = True
        if ref.warnings:
            text += " " + error_html(*ref.warnings[0])
        return f'<span class="reference-text">{text.rstrip(chr(10))}</span>\n'

    def _item(self, ref: _Ref, render: Render) -> str:
        text = self._text(ref, render)
        if ref.follow is not None:
            return f"<p>{text}</p>"
        extra = f' class="mw-cite-dir-{ref.dir}"' if ref.dir else ""
        note = _anchor(self._note_id(ref.name, ref.global_id))
        if ref.count == 1:
            back = _anchor(self._backlink_id(ref.name, ref.global_id, 1))
            return (
                f'<li id="{note}"{extra}><span class="mw-cite-backlink">'
                f'<a href="#{back}">↑</a></span> {text}</li>'
            )
        if ref.count < 1:
            return f'<li{extra}><span class="mw-cite-backlink">↑</span> {text}</li>'
        links = []
        for i in range(ref.count):
            back = _anchor(self._backlink_id(ref.name, ref.global_id, i + 1))
            links.append(f'<sup><a href="#{back}">{self._backlink_label(ref, i)}</a></sup>')
        return (
            f'<li id="{note}"{extra}><span class="mw-cite-backlink">↑ '
            f"{' '.join(links)}</span> {text}</li>"
        )

    def _backlink_label(self, ref: _Ref, index: int) -> str:
        if self.backlinks == "alphabetic":
            label = ""
            n = index + 1
            while n > 0:
                n -= 1
                label = _BACKLINK_ALPHABET[n % 26] + label
                n //= 26
            return label
        width = len(str(ref.count))
        return f"{ref.number}.{str(index).zfill(width)}"

    # -- end of the page -------------------------------------------------------------

    def end_of_page(self, render: Render, seal: Seal | None = None) -> str:
        """Lists (or errors) for the references no ``<references>`` tag has shown."""
        out = ""
        for group in [g for g, refs in self.groups.items() if refs]:
            if group == DEFAULT_GROUP:
                out += self.format_group(group, render, seal)
            else:
                self.groups.pop(group, None)
                out += "<br />" + error_html("cite_error_group_refs_without_references", group)
        return "\n" + out if out else ""
