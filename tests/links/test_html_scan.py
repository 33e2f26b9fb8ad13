"""Reading a built page's ids and links: what a browser would follow, at the line and column of the tag."""

from __future__ import annotations

from html_reference import reference, scanned

from syllabuild.links.anchors import parse_html

PAGE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="assets/main.css"><link rel="preconnect" href="https://fonts.example.org">
<!-- <a href="commented-out.html"> -->
<script>var s = '<a href="in-a-script.html">'; if (a < b) {}</script>
<style>a[href="in-a-style.html"] {}</style>
<script src="assets/app.js"></script>
</head><body>
<H2 ID="Intro">Intro</H2><a NAME=legacy></a>
<A HREF=plain.html class=x>plain</A>
  <a title="a > b" href="after-a-gt.html?x=1&amp;y=2">entities</a>
<img alt="" srcset="small.png 1x, big.png 2x" src="small.png"/>
<a href="#intro" id="back">back</a><a href>empty</a><a data-href="not-a-link.html">x</a>
</body></html>
"""


def test_links_and_ids_are_read_as_a_browser_would_with_their_place():
    ids, links = parse_html(PAGE)
    assert ids == {"Intro", "legacy", "back"}
    assert [(link.url, link.line, link.column) for link in links] == [
        ("assets/main.css", 3, 1),
        ("assets/app.js", 7, 1),
        ("plain.html", 10, 1),
        ("after-a-gt.html?x=1&y=2", 11, 3),
        ("small.png", 12, 1),
        ("big.png", 12, 1),
        ("small.png", 12, 1),
        ("#intro", 13, 1),
    ]
    assert [link.visible for link in links][:2] == [False, False]


def test_odd_markup_is_read_as_pythons_html_parser_reads_it():
    odd = [
        "<a href='x.html'/><br/><script src=a.js /><a href=inside-no-script.html>",  # self-closed script: no text
        "<div\nid=\"multi\"\nclass=x><a\n  href=\"next-line.html\">",
        "<!-- unclosed comment <a href=\"hidden.html\"> then <a href=\"seen.html\">",  # ends at the next >
        "<SCRIPT>document.write('<a href=\"no.html\">')</SCRIPT ><a href=\"yes.html\">",
        "<a href=\"x\" <b href=\"bogus.html\">",  # a stray < inside a tag: one tag, both links
        "<?php echo '<a href=\"php.html\">' ?><a href=\"after-pi.html\"><a/href=slash.html>",
    ]
    for text in odd:
        assert scanned(text) == reference(text), text
