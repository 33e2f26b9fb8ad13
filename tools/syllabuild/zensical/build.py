"""Build the generated tree with Zensical: one `zensical build` per edition, swapped in at once.

Every edition gets its own folder under `work_dir/<lang>/`: a derived `mkdocs.yml`, a hard-linked
copy of the edition's docs (`docs/`), Zensical's output (`site/`) and its cache (`.cache/`); the
editions build side by side. The outputs are then moved into a sibling temporary folder of
`site_dir` (the default edition at its root, the others under their `prefix`), which replaces
`site_dir` only when every edition built (and `before_swap`, e.g. a link check, passed).

What Zensical 0.0.73 does, measured on tests/fixtures/zensical_tree:

- `docs_dir` and `site_dir` must lie inside the config file's folder (a `ConfigurationError`
  otherwise), and an absolute `docs_dir` panics (`invariant: Id(Format(Path(RootDir)))`); hence
  the config next to a copy of the docs, both relative. Hard links make that copy cheap.
- `theme.language: he` gives `<html lang="he">`, `<body dir="rtl">` (from the language file;
  an explicit `theme.direction` wins, so it is always set) and Hebrew interface words
  (search placeholder, labels). No `dir` on `<html>`: `_mark_direction` adds it, as the MkDocs
  side does.
- `use_directory_urls` as in MkDocs (`lectures/01-intro/index.html`, or `lectures/01-intro.html`
  when false). `nav` with sections renders like Material (`md-nav__item--section`). A nav
  entry to a missing page is rendered as a link to `gone.md` without any warning, even with
  `--strict`: this adapter reports it (and fails on it when strict).
- `extra_css`/`extra_javascript` paths are relative to `docs_dir` and linked relative to each page.
- The search index is `search.json` at the build's root (`{"config": {"lang": ["he"]},
  "items": [...]}`, one item per page); each page's `__config.base` points at that root, so one build per edition
  searches its own pages only. `sitemap.xml` and `404.html` are written at the build's root with
  absolute URLs from `site_url` (hence `site_url` + prefix per edition); the language selector's
  script fetches `sitemap.xml` under each alternate link, which the per-edition sitemaps serve.
- `extra.alternate` links go through the `url` filter: a relative link (`he/`, `../`) becomes
  relative to each page, an absolute one (`/he/`) is kept as is.
- Broken links are warnings (`Warning: page does not exist` with a `path:line:col` box, also
  for a missing anchor); exit status 0. `--strict` exits 1 with `Aborted because --strict flag
  is set`. Any error exits 1 with a Python traceback whose last line says what happened.
  Missing images and pages left out of the nav are not reported.
- Every build empties its `site_dir` first and rewrites every file (even unchanged ones); a
  failing build leaves it half written (theme assets, `404.html`, an empty `sitemap.xml` and
  `search.json`, no page) - Zensical must never write into the live site. Its cache is
  `.cache/` next to the config file (in `work_dir` here), keyed by content, reused across
  builds (the sample course's English edition: 0.71 s cold, 0.26 s warm).
- The config stays in mkdocs.yml format: zensical.toml cannot carry `!!python/name:` objects
  (Zensical resolves only a few known option strings from TOML, such as the emoji functions).
- `theme.custom_dir` (absolute is fine) layers templates over Zensical's own, which differ
  from Material 9.x's: syllabuild's MkDocs partials would replace newer templates and read
  context only the MkDocs plugin sets, so only `partials/source.html` (no GitHub API request
  for stars and forks from every student's browser; otherwise identical) is applied.
- Plugins it does not know are ignored silently; Markdown extensions load at the first page.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from syllabuild.atomic import staging_folder, swap_in
from syllabuild.site.tree import EditionTree, GeneratedTree
from syllabuild.theme import THEME_DIR
from syllabuild.zensical.config import DOCS_FOLDER, SITE_FOLDER, edition_config, nav_paths, write_config
from syllabuild.zensical.run import run_zensical

__all__ = ["ZensicalBuildError", "build_site"]

log = logging.getLogger("mkdocs.plugins.syllabuild.zensical")

CONFIG_FILE = "mkdocs.yml"
_OVERRIDES = ("partials/source.html",)
"""syllabuild's MkDocs theme overrides that are also right for Zensical's templates."""
_HTML_TAG = re.compile(r"<html\b(?![^>]*\sdir=)")


class ZensicalBuildError(RuntimeError):
    """A Zensical build failed; the message is Zensical's own output, trimmed."""


@dataclass(frozen=True)
class _EditionWork:
    """Where one edition is built, under `work_dir`."""

    edition: EditionTree
    folder: Path

    @property
    def config_file(self) -> Path:
        return self.folder / CONFIG_FILE

    @property
    def docs(self) -> Path:
        return self.folder / DOCS_FOLDER

    @property
    def site(self) -> Path:
        return self.folder / SITE_FOLDER


def build_site(
    tree: GeneratedTree,
    mkdocs_config: CommentedMap,
    *,
    site_dir: Path,
    work_dir: Path,
    strict: bool = False,
    before_swap: Callable[[Path], None] | None = None,
) -> list[str]:
    """Build every edition of `tree` with Zensical and put the whole site in `site_dir`.

    `site_dir` changes only when every edition built: it is replaced by a sibling folder in
    two renames, and a failed build leaves it untouched.

    Args:
        tree: The generated course.
        mkdocs_config: The project's mkdocs.yml, loaded round-trip by `ruamel.yaml.YAML()`;
            not changed. A relative `theme.custom_dir` is taken from the current directory.
        site_dir: The published site.
        work_dir: syllabuild's own folder for Zensical (configs, docs copies, outputs, cache);
            kept between builds so that Zensical's cache is reused. Not inside `site_dir`.
        strict: Fail on any warning (Zensical's `--strict`, and nav entries to missing pages).
        before_swap: Called with the complete new site (a sibling folder of `site_dir`) before
            it replaces `site_dir`, e.g. to check its links; whatever it raises stops the swap,
            and the new site is removed.

    Returns:
        The warnings, one line each (`he/lectures/02-backprop.md:4:15: page does not exist`).

    Raises:
        ZensicalBuildError: An edition did not build (or, when strict, warned).
    """
    site_dir, work_dir = Path(site_dir).absolute(), Path(work_dir).absolute()
    for folder, name in [(work_dir, "work_dir"), (tree.root.absolute(), "the generated tree")]:
        if folder == site_dir or site_dir in folder.parents:
            raise ValueError(f"{name} {folder} is inside site_dir {site_dir}: the build would delete it")
    custom_dir = _overrides(work_dir / "theme", mkdocs_config)
    works = [_EditionWork(edition, work_dir / edition.lang) for edition in tree.editions]
    # The editions are independent Zensical processes: build them side by side. `map` hands
    # back their results in edition order, and the first failure (in that order) as its error.
    with ThreadPoolExecutor(max_workers=len(works) or 1) as pool:
        results = list(pool.map(lambda work: _build_edition(tree, work, mkdocs_config, custom_dir, strict=strict),
                                works))
    warnings = [warning for result in results for warning in result]
    with staging_folder(site_dir) as staging:
        _assemble(works, staging)
        if before_swap is not None:
            before_swap(staging)
        swap_in(staging, site_dir)
    log.info("Zensical built %d edition(s) into %s", len(works), site_dir)
    return warnings


def _build_edition(tree: GeneratedTree, work: _EditionWork, mkdocs_config: CommentedMap,
                   custom_dir: Path, *, strict: bool) -> list[str]:
    edition = work.edition
    source = tree.docs_dir(edition)
    if not source.is_dir():
        raise ZensicalBuildError(f"the {edition.lang} edition has no docs folder: {source} is missing")
    _mirror(source, work.docs)
    # Zensical links a nav entry to a missing page without a word, even with --strict.
    warnings = [f"nav: no page {path} in the {edition.lang} edition"
                for path in nav_paths(edition.nav) if not (work.docs / path).is_file()]
    write_config(edition_config(mkdocs_config, tree, edition, custom_dir=custom_dir), work.config_file)
    run = run_zensical(work.config_file, strict=strict)
    warnings += [f"{edition.folder}/{warning}" if warning.location else str(warning) for warning in run.warnings]
    if not run.ok or (strict and warnings):
        details = "".join(f"\n  {warning}" for warning in warnings)
        reason = run.failure or "warnings with --strict"
        raise ZensicalBuildError(f"Zensical could not build the {edition.lang} edition: {reason}{details}")
    _mark_direction(work.site, edition.direction)
    return warnings


def _mirror(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`, hard-linked where the file system allows."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _overrides(folder: Path, mkdocs_config: CommentedMap) -> Path:
    """The theme folder for `theme.custom_dir`: syllabuild's partials that suit Zensical,
    then the user's own custom_dir over them (the user's win, as with MkDocs)."""
    if folder.exists():
        shutil.rmtree(folder)
    for name in _OVERRIDES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME_DIR / name, folder / name)
    theme = mkdocs_config.get("theme")
    user_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if user_dir:
        shutil.copytree(Path(user_dir).absolute(), folder, dirs_exist_ok=True)
    return folder


def _mark_direction(site: Path, direction: str) -> None:
    """Put `dir` on every page's `<html>` too (Zensical sets it on `<body>` only), so that the
    whole document, scrollbars included, reads in the edition's direction."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        marked = _HTML_TAG.sub(f'<html dir="{direction}"', html, count=1)
        if marked != html:
            page.write_text(marked, encoding="utf-8")


def _assemble(works: list[_EditionWork], staging: Path) -> None:
    """Move every edition's output into `staging`, the new site folder."""
    # The root edition first, so that a collision with a prefix is found at the prefix.
    for work in sorted(works, key=lambda work: len(work.edition.prefix.strip("/"))):
        target = staging / work.edition.prefix.strip("/")
        if work.edition.prefix.strip("/"):
            if target.exists():
                raise ZensicalBuildError(
                    f"the {work.edition.lang} edition belongs in {work.edition.prefix}, "
                    f"which a page of another edition already uses")
            target.mkdir(parents=True)
        for child in work.site.iterdir():
            shutil.move(child, target / child.name)
