"""The generated tree: what the pipeline hands a builder (plain Markdown + assets, per edition).

Layout on disk (`<cache>/generated/`, swapped in atomically by `site.generate`):

    generated/
      tree.json            # this module's `GeneratedTree`, serialised
      en/                  # one complete docs folder per edition (language), the default first
        index.md  schedule.md  lectures/…  notebooks/…  calendar.ics
        assets/syllabuild/*.css|*.js   assets/snippets/<hash>.svg   (+ the hand-written docs/ files)
      he/
        …same paths, Hebrew text…

A builder renders each edition's folder as a one-language site: the default edition at the
site root, every other edition under its `prefix` (`he/`). Nothing in the tree depends on a
builder; adapters only add what their builder needs (MkDocs: one build with a nav per language;
Zensical: one build per edition).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["TREE_FILE", "EditionTree", "GeneratedTree"]

TREE_FILE = "tree.json"


@dataclass(frozen=True)
class EditionTree:
    """One language's docs folder in the generated tree."""

    lang: str
    """Language code, e.g. `en`, `he`."""
    prefix: str
    """Folder of this edition in the built site: `""` for the default language, `he/` for Hebrew."""
    direction: str
    """`ltr` or `rtl`."""
    folder: str
    """This edition's docs folder, relative to the tree root (`en`, `he`)."""
    nav: list = field(default_factory=list)
    """The edition's navigation, as mkdocs.yml writes it (`[{title: path}, {section: [...]}, path]`),
    paths relative to the edition's folder."""
    extra_css: tuple[str, ...] = ()
    """Stylesheets every page loads, relative to the edition's folder."""
    extra_javascript: tuple[str, ...] = ()
    """Scripts every page loads, relative to the edition's folder."""
    theme_language: str = "en"
    """The builder theme's interface language for this edition (falls back to `en` when the theme lacks it)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Page path in the folder -> the project file staff edit (`faq.md` -> `docs/faq.he.md`); generated pages are absent."""
    site_name: str = ""
    """The course title in this edition's language, for the builder's header; empty: mkdocs.yml's `site_name`."""


@dataclass(frozen=True)
class GeneratedTree:
    """The whole generated course: every edition, the default first."""

    root: Path
    editions: tuple[EditionTree, ...]
    digest: str = ""
    """Hash of every file in the tree: equal digests mean an identical course."""

    def docs_dir(self, edition: EditionTree) -> Path:
        return self.root / edition.folder

    @property
    def default(self) -> EditionTree:
        return self.editions[0]

    def write(self) -> None:
        data = {"digest": self.digest, "editions": [asdict(edition) for edition in self.editions]}
        (self.root / TREE_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, root: Path) -> GeneratedTree:
        data = json.loads((root / TREE_FILE).read_text(encoding="utf-8"))
        editions = tuple(
            EditionTree(**{**edition, "extra_css": tuple(edition["extra_css"]),
                           "extra_javascript": tuple(edition["extra_javascript"])})
            for edition in data["editions"]
        )
        return cls(root, editions, data.get("digest", ""))
