"""The built-site check parses a page again only when its text changed, and is never fooled by that."""

from __future__ import annotations

from pathlib import Path

from syllabuild.links import Verdict
from syllabuild.links.parsed_pages import ParsedPages
from syllabuild.links.site_links import read_site


def write_site(site: Path, faq_body: str) -> None:
    (site / "faq").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text('<html><body><h1 id="top">Home</h1><a href="faq/#when">when</a></body></html>')
    (site / "faq" / "index.html").write_text(f"<html><body>{faq_body}</body></html>")


def check(site: Path, cache: Path) -> tuple[dict[str, tuple[Verdict, str]], int]:
    parsed = ParsedPages(cache)
    links = read_site(site, relative_to=site, parsed=parsed)
    return {link.url: (result.verdict, result.reason) for link, result in links.internal.items()}, parsed.parsed


def test_an_unchanged_site_is_not_parsed_again_and_gets_the_same_verdicts(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_site(site, '<h2 id="when">When</h2><a href="../#top">home</a><a href="../#gone">x</a>')

    first, parsed_first = check(site, cache)
    second, parsed_second = check(site, cache)

    assert parsed_first == 2 and parsed_second == 0
    assert second == first == {
        "faq/#when": (Verdict.OK, ""),
        "../#top": (Verdict.OK, ""),
        "../#gone": (Verdict.BROKEN, "no anchor #gone on index.html"),
    }


def test_an_edited_page_is_read_again_so_its_new_broken_link_and_lost_anchor_are_found(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_site(site, '<h2 id="when">When</h2>')
    check(site, cache)

    write_site(site, '<h2 id="dates">Dates</h2><a href="../missing/">gone</a>')
    found, parsed = check(site, cache)

    assert parsed == 1  # the home page is the same
    assert found["faq/#when"] == (Verdict.BROKEN, "no anchor #when on faq/index.html")
    assert found["../missing/"] == (Verdict.BROKEN, "no file missing/index.html in the built site")


def test_a_damaged_cache_file_only_means_parsing_again(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_site(site, '<h2 id="when">When</h2>')
    check(site, cache)
    (cache / "site-pages.pickle").write_bytes(b"\x80\x05not a pickle")

    found, parsed = check(site, cache)

    assert parsed == 2
    assert found == {"faq/#when": (Verdict.OK, "")}
