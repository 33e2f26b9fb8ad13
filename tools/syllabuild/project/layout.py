"""Where a project's files are: one frozen value, resolved once against mkdocs.yml's folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Layout"]


@dataclass(frozen=True)
class Layout:
    """Absolute paths of everything a build reads or writes."""

    config_file: Path
    """mkdocs.yml."""
    root: Path
    """The project: the folder of mkdocs.yml; every relative setting resolves against it."""
    syllabus: Path
    docs_dir: Path
    """Hand-written pages and assets (MkDocs `docs_dir`)."""
    lectures_dir: Path
    snippets_dir: Path
    cache_dir: Path
    site_dir: Path
    """Where the built site goes (MkDocs `site_dir`)."""
    site_url: str | None = None
    repo_url: str = ""
    use_directory_urls: bool = True
    archive_dir: Path | None = None
    """Archived terms (`archive/` beside mkdocs.yml, see `syllabuild.project.archive`), published
    with every build; None: the build has none (`syllabuild term archive` builds the term alone)."""

    @property
    def generated_dir(self) -> Path:
        """The generated tree that builders render (see `syllabuild.site.tree`)."""
        return self.cache_dir / "generated"

    def relative(self, path: Path) -> str:
        """`path` relative to the project root, with `/` (how messages and caches name files)."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
