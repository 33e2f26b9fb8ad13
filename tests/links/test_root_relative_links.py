"""Root-relative links in the built site resolve as a browser resolves them (RFC 3986 dot segments)."""

from __future__ import annotations

from pathlib import Path

from syllabuild.links import Verdict
from syllabuild.links.site_links import read_site


def verdicts(site: Path, html: str, base_path: str = "/") -> dict[str, tuple[Verdict, str]]:
    (site / "he").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><p id='top'>home</p></body></html>")
    (site / "faq").mkdir()
    (site / "faq" / "index.html").write_text("<html><body>faq</body></html>")
    (site / "he" / "404.html").write_text(f"<html><body>{html}</body></html>")
    links = read_site(site, relative_to=site, base_path=base_path)
    return {link.url: (result.verdict, result.reason) for link, result in links.internal.items()}


def test_dot_segments_above_the_root_stay_at_the_root_as_in_a_browser(tmp_path):
    # Zensical's Hebrew 404 page links the English edition as /../ when mkdocs.yml has no site_url.
    found = verdicts(tmp_path, '<a href="/../">English</a> <a href="/he/../faq/">FAQ</a> '
                               '<a href="/../#top">top</a> <a href="/..">root</a> <a href="/he/../nope/">x</a>')
    assert found["/../"] == (Verdict.OK, "")
    assert found["/he/../faq/"] == (Verdict.OK, "")
    assert found["/../#top"] == (Verdict.OK, "")
    assert found["/.."] == (Verdict.OK, "")
    assert found["/he/../nope/"] == (Verdict.BROKEN, "no file nope/index.html in the built site")


def test_a_root_relative_link_that_climbs_out_of_the_site_path_is_still_outside(tmp_path):
    # Served at https://org.github.io/dl/: /dl/../x/ is another site's page of that domain.
    found = verdicts(tmp_path, '<a href="/dl/../elsewhere/">x</a> <a href="/dl/faq/">faq</a>', base_path="/dl/")
    assert found["/dl/../elsewhere/"] == (Verdict.BROKEN, "points outside the built site")
    assert found["/dl/faq/"] == (Verdict.OK, "")
