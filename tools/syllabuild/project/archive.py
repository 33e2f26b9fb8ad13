"""Archived terms: `archive/<term>/` of a project, each a built site frozen with its manifest.

`syllabuild term archive` writes a term's folder whole, its `manifest.json` last: the sha256 of
every file, the term's name and dates, when and by which syllabuild it was archived. Every build
then reads the manifests, checks each folder against its own (`read_archive`) and publishes the
terms unchanged. An archived term is never changed: under the ADA Title II rule, past-term pages
are exempt from the accessibility requirements only while they stay as archived.

This module owns the manifest format and the file of current pages that archived pages read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ARCHIVE_FOLDER", "CURRENT_PAGES", "MANIFEST", "SLUG", "ArchivedTerm", "file_hashes", "manifest_text",
    "page_url", "read_archive",
]

ARCHIVE_FOLDER = "archive"
"""Where a project keeps its archived terms (beside mkdocs.yml), and where the site publishes them."""
MANIFEST = "manifest.json"
"""In every term's folder: what was archived, and the hash of every other file of the folder."""
CURRENT_PAGES = "current-pages.json"
"""Written by every build beside the archived terms (`archive/current-pages.json`): the current
site's pages, which an archived page's banner reads to link to its own page on the current site."""
FORMAT = 1
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
"""A term's folder name: lowercase letters, digits and inner hyphens (`winter-2024`)."""

_SHOWN_PER_TERM = 20
"""Problems listed per term; a term rebuilt wholesale would otherwise print every file."""


@dataclass(frozen=True)
class ArchivedTerm:
    """One archived term, as its manifest describes it."""

    slug: str
    """Its folder under `archive/`, and its path in the site (`archive/<slug>/`)."""
    folder: Path
    """The folder in the project."""
    term: dict[str, str]
    """The term's name per language (`{"en": "Winter 2024", "he": "חורף 2024"}`)."""
    languages: tuple[str, ...]
    """The languages of the archived site, the default first (the others under `<lang>/`)."""
    start: dt.date | None
    end: dt.date | None
    archived_at: dt.datetime
    """When it was archived (UTC)."""
    syllabuild: str = ""
    """The version that archived it."""
    builder: str = ""
    site_url: str | None = None
    """Where the archived site said it is published (its canonical links, sitemap, calendar)."""
    files: dict[str, str] = field(default_factory=dict)
    """Path in the folder (`he/schedule/index.html`) -> sha256; the manifest itself is not listed."""

    def label(self, lang: str) -> str:
        """The term's name in `lang`, else in the archived site's default language."""
        return self.term.get(lang) or self.term.get(self.languages[0]) or next(iter(self.term.values()), self.slug)

    @property
    def archived_on(self) -> str:
        """`2026-12-02`: the day it was archived (UTC), as messages name it."""
        return self.archived_at.date().isoformat()


def manifest_text(term: ArchivedTerm) -> str:
    """The manifest of `term`, as `syllabuild term archive` writes it (sorted keys, one file a line)."""
    data = {
        "format": FORMAT,
        "slug": term.slug,
        "term": term.term,
        "languages": list(term.languages),
        "start": term.start.isoformat() if term.start else None,
        "end": term.end.isoformat() if term.end else None,
        "archived_at": term.archived_at.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "syllabuild": term.syllabuild,
        "builder": term.builder,
        "site_url": term.site_url,
        "files": dict(sorted(term.files.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def file_hashes(folder: Path) -> dict[str, str]:
    """Path relative to `folder` -> sha256 of every file under it, the manifest left out."""
    return {path: _digest(folder / path) for path in _files(folder) if path != MANIFEST}


def page_url(path: str) -> str:
    """A page's URL relative to its site's root: `he/schedule/index.html` -> `he/schedule/`, `index.html` -> ``."""
    return path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def read_archive(archive_dir: Path | None, *, root: Path, verify: bool = True) -> tuple[tuple[ArchivedTerm, ...], list[str]]:
    """The archived terms of a project, newest first, and every problem with them, one line each.

    Args:
        archive_dir: the project's `archive/` (None or missing: no archived terms).
        root: the project folder, which problem lines name paths relative to.
        verify: check every file against its term's manifest: a file changed, added or deleted
            since the term was archived is a problem.

    Returns:
        The terms whose manifests could be read, and the problems (empty when all is well).
    """
    if archive_dir is None or not archive_dir.is_dir():
        return (), []
    terms: list[ArchivedTerm] = []
    problems: list[str] = []
    for entry in sorted(archive_dir.iterdir()):
        if entry.name.startswith("."):
            continue  # .gitattributes, and the staging folder of an archive under way or interrupted
        shown = _shown(entry, root)
        if not entry.is_dir() or entry.is_symlink():
            problems.append(f"{shown}: not an archived term; {_shown(archive_dir, root)}/ holds only the term "
                            "folders that `syllabuild term archive` writes")
            continue
        term, problem = _read_manifest(entry, root)
        if problem:
            problems.append(problem)
            continue
        if verify:
            problems += _changes(term, root)
        terms.append(term)
    terms.sort(key=lambda term: (term.start or dt.date.min, term.slug), reverse=True)
    return tuple(terms), problems


# -- manifests ---------------------------------------------------------------------------------
def _read_manifest(folder: Path, root: Path) -> tuple[ArchivedTerm | None, str]:
    path = folder / MANIFEST
    shown = _shown(path, root)
    if not path.is_file():
        return None, (f"{_shown(folder, root)}/: no {MANIFEST}; every folder of {_shown(folder.parent, root)}/ is a term "
                      "written whole by `syllabuild term archive`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"expected format {FORMAT}, got {data.get('format') if isinstance(data, dict) else data!r}")
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("`files` is not a mapping of paths to hashes")
        languages = tuple(data["languages"])
        if not languages:
            raise ValueError("`languages` is empty")
        term = ArchivedTerm(
            slug=str(data["slug"]),
            folder=folder,
            term={str(lang): str(text) for lang, text in dict(data["term"]).items()},
            languages=languages,
            start=dt.date.fromisoformat(data["start"]) if data.get("start") else None,
            end=dt.date.fromisoformat(data["end"]) if data.get("end") else None,
            archived_at=dt.datetime.fromisoformat(data["archived_at"]),
            syllabuild=str(data.get("syllabuild", "")),
            builder=str(data.get("builder", "")),
            site_url=data.get("site_url"),
            files=dict(files),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = f"missing key {error}" if isinstance(error, KeyError) else str(error)
        return None, f"{shown}: not a manifest that `syllabuild term archive` wrote ({reason}); restore it with git checkout"
    if term.slug != folder.name:
        return None, (f"{_shown(folder, root)}/: archived as {_shown(folder.parent, root)}/{term.slug}/ (its pages, calendar "
                      f"and sitemap link there); an archived term keeps its folder: rename it back")
    return term, ""


def _changes(term: ArchivedTerm, root: Path) -> list[str]:
    """One line per file of `term` that differs from its manifest."""
    found = set(_files(term.folder)) - {MANIFEST}
    listed = set(term.files)
    manifest = _shown(term.folder / MANIFEST, root)
    where = f"on {term.archived_on} (manifest {manifest}); archived terms are never changed"
    lines = []
    for path in sorted(found | listed):
        shown = _shown(term.folder / path, root)
        if path not in listed:
            lines.append(f"{shown}: added since the term was archived {where} — remove it")
        elif path not in found:
            lines.append(f"{shown}: deleted since it was archived {where} — restore it with git checkout")
        elif _digest(term.folder / path) != term.files[path]:
            lines.append(f"{shown}: changed since it was archived {where} — restore it with git checkout")
    if len(lines) > _SHOWN_PER_TERM:
        more = len(lines) - _SHOWN_PER_TERM
        lines = [*lines[:_SHOWN_PER_TERM],
                 f"{_shown(term.folder, root)}/: {more} more files differ from {manifest}; restore the folder with git checkout"]
    return lines


def _files(folder: Path) -> list[str]:
    """Every file under `folder` (hidden ones and links too: a build would publish them), as posix paths."""
    found = []
    for directory, folders, names in os.walk(folder):
        base = Path(directory)
        for name in names + [name for name in folders if (base / name).is_symlink()]:
            found.append((base / name).relative_to(folder).as_posix())
    return sorted(found)


# A process keeps what it hashed by the file's identity, so `serve` does not read every archived
# file on each rebuild; a build in a new process (CI, `syllabuild build`) hashes every file.
_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _digest(path: Path) -> str:
    try:
        if path.is_symlink() or not path.is_file():
            return "(not a file)"
        stat = path.stat()
    except OSError:
        return "(unreadable)"
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    digest = _DIGESTS.get(key)
    if digest is None:
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        _DIGESTS[key] = digest
    return digest


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
