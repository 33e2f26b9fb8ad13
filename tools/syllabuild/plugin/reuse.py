"""`serve` rebuilds only the pages whose files changed: MkDocs' dirty build, kept accurate.

MkDocs' dirty build skips every page whose output is newer than its source file. The generated
tree keeps the modification time of every file whose bytes did not change (`site.generate`),
so after a notes edit one page is out of date, after a syllabus edit the few pages that show
what changed. The rest of a dirty build is what MkDocs warns may be inaccurate; here:

- every page shows the nav, its neighbours' titles and the language switcher, made from the
  navs, the set of files and mkdocs.yml: when any of them differs from the previous build's,
  the previous site is cleared and every page is built (`start`);
- a nav entry without a title shows its page's heading, which MkDocs reads only from pages it
  rebuilds: the others get the title they had (`start`), and a rebuilt page whose title
  changed asks for a full build (`full_build_needed`);
- the search plugin indexes only the pages it saw: their entries replace theirs in the
  previous index (`finish`).

One `PreviousSite` lives as long as the plugin (MkDocs keeps the instance across `serve`'s
rebuilds).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from syllabuild.site.tree import GeneratedTree

__all__ = ["PreviousSite"]


class PreviousSite:
    """What a rebuild may keep of the previous build's site."""

    def __init__(self) -> None:
        self._signature: str | None = None
        """Of the last build that finished; None: the site folder cannot be trusted."""
        self._pending: str | None = None
        self._titles: dict[str, str] = {}
        """src_uri -> title of every page, as the last build showed it."""
        self._search: dict | None = None
        """The last build's whole search index, before it was split by language."""
        self._built: set[str] = set()
        self.reusing = False
        """This build keeps the pages that did not change."""
        self.full_build_needed = False
        """A rebuilt page's title changed: other pages show the old one until a full build."""

    def start(self, config: MkDocsConfig, tree: GeneratedTree, files: Files, problems: tuple[str, ...]) -> bool:
        """Decide whether this build keeps the previous site; clear it if not. Call from `on_nav`.

        Returns:
            True when only the pages whose source changed will be built.
        """
        self._pending = _signature(config, tree, files, problems)
        self.reusing = self._pending == self._signature and Path(config.site_dir).is_dir()
        self._signature = None  # until this build finishes
        self._built = set()
        self.full_build_needed = False
        if not self.reusing:
            clean_directory(config.site_dir)
            return False
        for file in files.documentation_pages():
            page = file.page
            # Nav titles are set on the page; others come from its Markdown, read only when rebuilt.
            if page is not None and "title" not in page.__dict__ and not file.is_modified():
                if (title := self._titles.get(file.src_uri)) is not None:
                    page.title = title
        return True

    def built(self, page: Page) -> None:
        """`page` was rendered in this build; call from `on_page_context`."""
        self._built.add(page.url)

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """Complete the search index and remember the site; call first in `on_post_build`."""
        self._merge_search_index(Path(config.site_dir) / "search" / "search_index.json")
        titles = {file.src_uri: file.page.title for file in files.documentation_pages()
                  if file.page is not None and file.page.title is not None}
        if self.reusing:
            self.full_build_needed = any(self._titles.get(uri, title) != title for uri, title in titles.items()
                                         if files.get_file_from_path(uri).page.url in self._built)
        self._titles = titles
        self._signature = None if self.full_build_needed else self._pending

    def failed(self) -> None:
        """The build stopped half-way; call from `on_build_error`."""
        self._signature = None

    def _merge_search_index(self, path: Path) -> None:
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._search = None
            return
        written = index.get("docs", [])
        # The search plugin merges by itself under `mkdocs serve --dirty` (one page at a time):
        # then the index holds pages this build did not render, and is left as it is.
        if self.reusing and self._search is not None and all(_page(doc) in self._built for doc in written):
            kept = [doc for doc in self._search.get("docs", []) if _page(doc) not in self._built]
            index = {**index, "docs": kept + written}
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self._search = index


def _page(doc: dict) -> str:
    """The page URL of a search entry (`lectures/02-optimization/#momentum` -> `lectures/02-optimization/`)."""
    return str(doc.get("location", "")).partition("#")[0]


def _signature(config: MkDocsConfig, tree: GeneratedTree, files: Files, problems: tuple[str, ...]) -> str:
    """What every page of the site shows besides its own content."""
    try:
        settings = Path(config.config_file_path).read_bytes()
    except (OSError, TypeError):
        settings = b""
    data = {
        "editions": [asdict(edition) for edition in tree.editions],
        "files": sorted(file.src_uri for file in files),
        "mkdocs.yml": hashlib.sha256(settings).hexdigest(),
        "problems": list(problems),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
