"""Helpers of the Zensical adapter tests: the fixture course, and reading a built site (imported by name,
like tests/browser_harness.py: a `from conftest import` would find whichever conftest loaded first)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from syllabuild.site.tree import GeneratedTree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "zensical_tree"

PAGES = ["", "lectures/01-intro/", "lectures/02-backprop/", "schedule/"]
"""Every page of each edition, as its URL relative to the edition's root."""

_SITE = "https://courses.example.edu/deep-learning/"
"""The fixture's site_url: page URLs are resolved against it, then mapped back to files."""


@dataclass(frozen=True)
class Course:
    """A writable copy of the fixture: the generated tree and the mkdocs.yml beside it."""

    root: Path

    @property
    def tree(self) -> GeneratedTree:
        return GeneratedTree.read(self.root)

    @property
    def config(self) -> CommentedMap:
        return YAML().load(self.root / "mkdocs.yml")

    def page(self, lang: str, path: str) -> Path:
        """A Markdown page of one edition, e.g. `page("he", "lectures/02-backprop.md")`."""
        return self.root / lang / path


def read(site: Path, url: str) -> str:
    """The HTML at `url` (relative to the site root, `""` for the home page)."""
    return file_of(site, url).read_text(encoding="utf-8")


def file_of(site: Path, url: str) -> Path:
    """The file a site-relative URL is served from (`index.html` for a folder)."""
    path = site / url
    return path / "index.html" if url == "" or url.endswith("/") else path


def resolve(page_url: str, href: str) -> str:
    """A link on the page at `page_url` as a site-relative URL (`../he/` on `lectures/x/` -> `he/`)."""
    path, base = urlsplit(urljoin(urljoin(_SITE, page_url), href)).path, urlsplit(_SITE).path
    # Zensical writes the link to the site root from a page below it as `../..`, no slash.
    return "" if path == base.rstrip("/") else path.removeprefix(base)


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def hrefs(html: str, pattern: str) -> list[str]:
    """The `href` of every tag matching `<tag ...pattern...>`, e.g. `rel="stylesheet"`."""
    return [re.search(r'href="([^"]*)"', tag).group(1)
            for tag in re.findall(rf"<[a-z]+\b[^>]*{pattern}[^>]*>", html) if "href=" in tag]
