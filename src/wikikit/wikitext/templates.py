"""Template parameter edits: what :class:`~wikikit.tree.Template`'s ``set``/``add``/
``remove``/``rename`` do.

Each function takes a template and returns a new one; parameters that are not
edited are the same objects, so a document rebuilt around the new template
(``doc.replace`` or ``doc.transform``) writes back every other byte as it was::

    doc = doc.transform(Template, lambda t: t.rename("accessdate", "access-date")
                        if t.matches("cite news") and t.has("accessdate") else t)

Names: a named parameter by its key, a positional one by its number
(``"1"``, ``"2"`` …, counting positional parameters only), as
:meth:`Template.get <wikikit.tree.Template.get>` and MediaWiki read them.

Layout: an edited value keeps the whitespace around the old one; a new named
parameter copies the spacing most named parameters use (inline ``|a=b``, one
per line, ``=`` aligned in a column), as
:func:`~wikikit.wikitext.edit.add_field` does for infoboxes. Values are
escaped as in :func:`~wikikit.wikitext.edit.escape_value`.
"""

from __future__ import annotations

from wikikit.tree import Infobox, InfoboxField, Inline, Parameter, Template
from wikikit.wikitext.edit import _check_name, _inline, _split, _Style, _wt, escape_value

__all__ = ["add", "remove", "rename", "set"]


def _names(template: Template) -> list[str]:
    return [name for name, _ in template.arguments()]


def _indices(template: Template, name: str) -> list[int]:
    return [i for i, key in enumerate(_names(template)) if key == name]


def _style(template: Template) -> _Style:
    fields = tuple(InfoboxField("|", p.key, "=", p.value) for p in template.params)
    style = _Style(Infobox("{{", template.name_nodes, "", fields, "}}"))
    if all(p.key is None for p in template.params):
        # Nothing to copy: write "|name=value", as mwparserfromhell does.
        style.before_key = style.after_key = style.before_value = ""
    return style


def _positional_count(template: Template) -> int:
    return sum(1 for p in template.params if p.key is None)


def set(template: Template, name: str, value: str) -> Template:
    """Set parameter ``name`` to ``value`` (wikitext), adding it when missing.

    The whitespace around the old value is kept (the last copy of a repeated
    parameter is the one MediaWiki uses, and the one changed).
    """
    found = _indices(template, name)
    if not found:
        return add(template, name, value)
    i = found[-1]
    param = template.params[i]
    positional = param.key is None
    before, core, after = _split(_wt(param.value))
    if not positional and not core and not before:
        before = _style(template).before_value
    text = before + escape_value(value, positional=positional) + after
    params = list(template.params)
    params[i] = param.with_changes(value=_inline(text))
    return template.with_changes(params=tuple(params))


def add(
    template: Template,
    name: str,
    value: str,
    *,
    before: str | None = None,
    after: str | None = None,
) -> Template:
    """Add parameter ``name`` (see :meth:`Template.add <wikikit.tree.Template.add>`).

    An existing parameter gets the new value in place (mwparserfromhell's
    ``add``). ``name`` equal to the next positional number adds a positional
    parameter (after the last positional one) unless ``value`` holds an ``=``
    that would need escaping, which adds ``|N=value``.
    """
    if before is not None and after is not None:
        raise TypeError("give before or after, not both")
    if _indices(template, name):
        return set(template, name, value)
    _check_name(name)
    params = list(template.params)
    count = _positional_count(template)
    positional = name == str(count + 1)
    escaped = escape_value(value, positional=positional)
    if positional and escaped != escape_value(value):
        positional, escaped = False, escape_value(value)
    if before is not None:
        at: int | None = _required(template, before)
    elif after is not None:
        at = _required(template, after) + 1
    else:
        at = None
    if positional:
        if at is None:
            last = max((k for k, p in enumerate(params) if p.key is None), default=-1)
            at = last + 1
        params.insert(at, Parameter(None, _inline(escaped)))
        return template.with_changes(params=tuple(params))
    style = _style(template)
    lead_value = style.before_value if escaped else ""
    if at is None:
        at = len(params)
    if at == len(params) and params:
        # Appending: the new parameter ends as the last one did ("}}" stays on its
        # line) and the old last one is followed by the usual separator instead.
        prev = params[-1]
        if prev.key is not None:
            b, core, a = _split(_wt(prev.value))
            trail = a
            params[-1] = prev.with_changes(value=_inline(b + core + style.between))
        else:
            trail = "\n" if style.between.startswith("\n") else ""
    elif params:
        trail = style.between
    else:
        trail = ""
    key = _inline(style.key(name))
    params.insert(at, Parameter(key, _inline(lead_value + escaped + trail)))
    return template.with_changes(params=tuple(params))


def _required(template: Template, name: str) -> int:
    found = _indices(template, name)
    if not found:
        raise KeyError(f"the template has no parameter {name!r}")
    return found[-1]


def remove(template: Template, name: str) -> Template:
    """Remove parameter ``name`` (every copy). ``KeyError`` if there is none.

    A positional parameter with positional ones after it is emptied (``|``
    stays) so that theirs numbers do not change.
    """
    found = _indices(template, name)
    if not found:
        raise KeyError(f"the template has no parameter {name!r}")
    params = list(template.params)
    last = params[-1]
    drop: list[int] = []
    for i in found:
        p = params[i]
        if p.key is None and any(q.key is None for q in params[i + 1 :]):
            params[i] = p.with_changes(value=())
        else:
            drop.append(i)
    kept = [p for k, p in enumerate(params) if k not in drop]
    if kept and kept[-1] is not last and last.key is not None and kept[-1].key is not None:
        # The removed parameter was last: its end ("\n" before "}}") moves to the new last one.
        _, _, trail = _split(_wt(last.value))
        prev = kept[-1]
        b, core, _ = _split(_wt(prev.value))
        kept[-1] = prev.with_changes(value=_inline(b + core + trail))
    return template.with_changes(params=tuple(kept))


def rename(template: Template, old: str, new: str) -> Template:
    """Rename parameter ``old`` to ``new`` (every copy), keeping value and spacing.

    Where the ``=`` signs are aligned the key keeps its width. A positional
    parameter becomes a named one laid out like the others; the positional
    parameters after it keep their numbers as explicit keys (``{{t|a|b}}``,
    ``1`` to ``x``: ``{{t|x=a|2=b}}``), and ``ValueError`` when one of them has
    whitespace around its value (a named value loses it). ``KeyError`` if
    ``old`` is missing, ``ValueError`` if ``new`` exists.
    """
    _check_name(new)
    if old == new:
        return template
    if _indices(template, new):
        raise ValueError(f"the template already has a parameter {new!r}")
    found = _indices(template, old)
    if not found:
        raise KeyError(f"the template has no parameter {old!r}")
    style = _style(template)
    params = list(template.params)
    if any(params[i].key is None for i in found):
        _number_positionals_after(params, min(i for i in found if params[i].key is None))
    for i in found:
        p = params[i]
        value: tuple[Inline, ...] = p.value
        if p.key is None:
            _, core, a = _split(_wt(p.value))
            value = _inline(style.before_value + core + a)
            params[i] = Parameter(_inline(style.key(new)), value)
            continue
        before, core, after = _split(_wt(p.key))
        if len(after) > 1 or style.width is not None:
            # Padding lines up the "=": keep the key's total width.
            after = after[:1] + " " * max(len(core) + len(after) - len(new) - 1, 0) if after else ""
        params[i] = p.with_changes(key=_inline(before + new + after))
    return template.with_changes(params=tuple(params))


def _number_positionals_after(params: list[Parameter], first: int) -> None:
    """Give the positional parameters after ``params[first]`` their numbers as keys.

    Once ``params[first]`` is named, each later positional one would move up a
    number; with an explicit ``n=`` key it keeps its place.
    """
    number = sum(1 for p in params[:first] if p.key is None) + 1
    for j in range(first + 1, len(params)):
        p = params[j]
        if p.key is not None:
            continue
        number += 1
        text = _wt(p.value)
        if text != text.strip():
            raise ValueError(
                f"positional parameter {number} has whitespace around its value, which a "
                "named parameter would lose; name it first"
            )
        params[j] = Parameter(_inline(str(number)), p.value)
