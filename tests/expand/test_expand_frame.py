"""Templates, arguments, inclusion tags and limits (Parser::braceSubstitution, PPFrame)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from wikikit import Wiki
from wikikit.expand import Limits

NOW = datetime(2024, 3, 5, 14, 7, 9, tzinfo=timezone.utc)


def test_positional_arguments_keep_spaces_named_are_trimmed() -> None:
    w = Wiki(pages={"Template:Show": "[{{{1}}}][{{{name}}}]"})
    assert w.expand("{{show| a | name = b }}") == "[ a ][b]"


def test_argument_defaults_and_missing_arguments() -> None:
    w = Wiki(pages={"Template:D": "{{{1|one}}}/{{{x|}}}/{{{y}}}"})
    assert w.expand("{{d}}") == "one//{{{y}}}"
    assert w.expand("{{d|given}}") == "given//{{{y}}}"


def test_only_the_first_part_of_an_argument_is_its_default() -> None:
    assert Wiki().expand("{{{foo|bar|baz}}}") == "bar"


def test_numbered_names_and_later_arguments_win() -> None:
    w = Wiki(pages={"Template:N": "{{{1}}}-{{{2}}}"})
    assert w.expand("{{n|a|b|1=c}}") == "c-b"
    assert w.expand("{{n|1=c|a}}") == "a-{{{2}}}"


def test_equals_in_a_positional_value_needs_a_name() -> None:
    w = Wiki(pages={"Template:N": "{{{1}}}"})
    assert w.expand("{{n|1=a=b}}") == "a=b"
    assert w.expand("{{n|a{{=}}b}}") == "a=b"


def test_pipe_and_equals_magic_words() -> None:
    assert Wiki().expand("{{!}}{{=}}") == "|="


def test_heading_line_inside_an_argument_is_not_a_name() -> None:
    w = Wiki(pages={"Template:N": "{{{1}}}"})
    assert w.expand("{{n|\n==a=b==\n}}") == "\n==a=b==\n"


def test_noinclude_includeonly_onlyinclude() -> None:
    w = Wiki(
        pages={
            "Template:T": "<noinclude>doc</noinclude><includeonly>in</includeonly>body",
            "Template:O": "a<onlyinclude>b</onlyinclude>c<onlyinclude>d</onlyinclude>e",
        }
    )
    assert w.expand("{{t}}") == "inbody"
    assert w.expand("{{o}}") == "bd"
    # Viewed directly, the page shows its noinclude part and hides includeonly.
    assert w.to_html("<noinclude>doc</noinclude><includeonly>in</includeonly>x").startswith(
        "<p>docx"
    )


def test_include_tags_can_glue_a_call_together() -> None:
    w = Wiki(pages={"Template:1x": "{{{1}}}"})
    html = w.to_html("<noinclude>{{1x|</noinclude>testing<noinclude>}}</noinclude>")
    assert html.strip() == "<p>testing\n</p>"


def test_subst_stays_and_safesubst_expands() -> None:
    w = Wiki(pages={"Template:X": "x"})
    assert w.expand("{{subst:x}}") == "{{subst:x}}"
    assert w.expand("{{safesubst:x}}") == "x"


def test_msgnw_shows_the_source_escaped() -> None:
    w = Wiki(pages={"Template:X": "''a'' {{{1}}}"})
    assert w.expand("{{msgnw:x}}") == "&#39;&#39;a&#39;&#39; &#123;&#123;&#123;1&#125;&#125;&#125;"


def test_main_namespace_other_namespaces_and_redirects() -> None:
    w = Wiki(
        pages={
            "Main page": "main",
            "User:Me": "me",
            "Template:Old": "#REDIRECT [[Template:New]]",
            "Template:New": "new",
        }
    )
    assert w.expand("{{:Main page}} {{User:Me}} {{Template:new}} {{old}}") == "main me new new"


def test_titles_normalize_first_letter_and_underscores() -> None:
    w = Wiki(pages={"Template:Foo bar": "ok"})
    assert w.expand("{{foo_bar}} {{ Foo  bar }} {{template:foo bar}}") == "ok ok ok"


def test_missing_template_is_a_red_link() -> None:
    assert Wiki().expand("{{nope}}") == "[[:Template:Nope]]"


def test_invalid_title_stays_as_written() -> None:
    assert Wiki().expand("{{a[[b]]c}}") == "{{a[[b]]c}}"


def test_block_output_starts_a_new_line() -> None:
    w = Wiki(pages={"Template:L": "* item", "Template:T": "{|\n|a\n|}"})
    assert w.expand("x{{l}}") == "x\n* item"
    assert w.expand("x\n{{l}}") == "x\n* item"
    assert w.expand("a {{t}}").startswith("a \n{|")


def test_comments_vanish_inside_templates() -> None:
    w = Wiki(pages={"Template:C": "a<!-- note -->b"})
    assert w.expand("{{c}}") == "ab"
    assert w.expand("{{#if:<!-- c -->|yes|no}}") == "no"


def test_page_comments_are_kept_in_expanded_wikitext() -> None:
    assert Wiki().expand("a <!-- c --> {{!}}") == "a <!-- c --> |"


def test_template_loop_is_reported_in_place() -> None:
    w = Wiki(pages={"Template:Loop": "a{{loop}}b"})
    assert w.expand("{{loop}}") == (
        'a<span class="error">Template loop detected: [[Template:Loop]]</span>b'
    )


def test_loop_through_a_redirect_and_a_self_transcluding_page() -> None:
    w = Wiki(pages={"Template:A": "{{b}}", "Template:B": "#REDIRECT [[Template:A]]"})
    assert "Template loop detected" in w.expand("{{a}}")
    w = Wiki(pages={"Main Page": "x{{:Main Page}}"})
    assert w.expand("{{:Main Page}}") == (
        'x<span class="error">Template loop detected: [[Main Page]]</span>'
    )


def test_depth_limit() -> None:
    pages = {f"Template:D{i}": f"{{{{d{i + 1}}}}}" for i in range(60)}
    out = Wiki(pages=pages).expand("{{d0}}")
    assert out == '<span class="error">Template recursion depth limit exceeded (40)</span>'


def test_ten_templates_calling_the_next_ten_times_end_quickly() -> None:
    pages = {f"Template:T{i}": f"{{{{t{i + 1}|{{{{{{1}}}}}}}}}}" * 10 for i in range(10)}
    pages["Template:T10"] = "x{{{1}}}"
    start = time.perf_counter()
    out = Wiki(pages=pages).expand("{{t0|y}}")
    assert time.perf_counter() - start < 10
    # 10**10 calls of identical calls: reused, and the include size limit ends the output.
    assert "post-expand include size too large" in out
    assert len(out) < 3_000_000
    # Without arguments each call is expanded once and reused.
    pages = {f"Template:U{i}": f"{{{{u{i + 1}}}}}" * 10 for i in range(10)}
    pages["Template:U10"] = "z"
    start = time.perf_counter()
    out = Wiki(pages=pages).expand("{{u0}}")
    assert time.perf_counter() - start < 5
    # 10**10 characters would be the full result: the include size limit cuts it short.
    assert len(out) < 3_000_000
    assert "post-expand include size too large" in out


def test_node_count_limit_stops_exponential_expansion() -> None:
    # Every call differs from its siblings, so nothing is reused: 10**10 calls.
    pages = {
        f"Template:T{i}": "".join(f"{{{{t{i + 1}|{{{{{{1}}}}}}{k}}}}}" for k in range(10))
        for i in range(10)
    }
    pages["Template:T10"] = ""
    w = Wiki(pages=pages, limits=Limits(max_node_count=20_000))
    page = w.expand_page("{{t0|y}}")
    assert "Node-count limit exceeded" in page.text
    assert any("node count" in m for m in page.warnings)


def test_huge_argument_passed_down_forty_levels() -> None:
    pages = {f"Template:P{i}": f"{{{{p{i + 1}|{{{{{{1}}}}}}}}}}" for i in range(45)}
    pages["Template:P45"] = "{{{1}}}"
    big = "a" * 1_000_000
    start = time.perf_counter()
    out = Wiki(pages=pages).expand("{{p0|" + big + "}}")
    assert time.perf_counter() - start < 10
    assert len(out) < 3_000_000
    assert "WARNING" in out or "depth limit" in out


def test_post_expand_include_size_limit() -> None:
    w = Wiki(pages={"Template:Big": "b" * 1000}, limits=Limits(max_include_size=2500))
    out = w.expand("{{big}}{{big}}{{big}}")
    assert out.count("b" * 1000) == 2
    assert out.endswith(
        "[[:Template:Big]]<!-- WARNING: template omitted, post-expand include size too large -->"
    )


def test_identical_argument_free_calls_are_expanded_once() -> None:
    calls = []

    class Pages:
        def get(self, title: str) -> str | None:
            calls.append(title)
            return "{{CURRENTYEAR}}" if title == "Template:Y" else None

    w = Wiki(pages=Pages(), now=NOW)
    ex = w._expander("Main Page")
    out = ex.expand_text("{{y}}{{y}}{{y|a}}{{y|a}}")
    assert out == "2024" * 4
    assert calls.count("Template:Y") == 1


def test_ref_bodies_are_expanded_and_nowiki_bodies_are_not() -> None:
    w = Wiki(pages={"Template:X": "ex"})
    assert w.expand("<ref>{{x}}</ref><nowiki>{{x}}</nowiki>") == (
        "<ref>ex</ref><nowiki>{{x}}</nowiki>"
    )


def test_invoke_is_a_documented_error() -> None:
    out = Wiki().expand("{{#invoke:String|len|abc}}")
    assert out == (
        '<span class="error wikikit-invoke">Lua module Module:String is not supported</span>'
    )
    assert Wiki().expand("{{#iferror:{{#invoke:X|y}}|fallback}}") == "fallback"


def test_expand_page_metadata() -> None:
    w = Wiki(pages={"Template:Cat": "[[Category:Things]]{{DEFAULTSORT:Key}}"})
    page = w.expand_page("{{DISPLAYTITLE:''Main'' Page}}{{cat}}[[category:more stuff]]")
    assert page.display_title == "''Main'' Page"
    assert page.default_sort == "Key"
    assert page.categories == ("Things", "More stuff")
    assert page.templates == ("Template:Cat",)


def test_plain_text_and_html() -> None:
    w = Wiki(pages={"Template:B": "'''{{{1}}}'''"})
    assert w.plain_text("x {{b|y}}").strip() == "x y"
    assert "<b>y</b>" in w.to_html("x {{b|y}}")
