"""The course's look: stylesheets and scripts every edition ships, and Material template overrides.

`assets/syllabuild/` holds plain files that the generator copies into every edition's docs
folder, so any builder serves them (listed as `extra_css` / `extra_javascript`). `partials/`
holds Material for MkDocs template overrides that read values the MkDocs adapter sets (the
language switcher, the interface language); they are MkDocs-only.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent
"""A MkDocs theme directory (the partials); the MkDocs adapter puts it before Material's templates."""

ASSET_DIR = "assets/syllabuild"
"""Where the course stylesheets and scripts are in every docs folder."""

# Order matters: the layout fixes first, then what builds on them; right-to-left last.
_ORDER = ("course.css", "theme.css", "this-week.css", "week.css", "rtl.css", "theme.js", "this-week.js", "week.js")

ASSETS: tuple[tuple[str, Path], ...] = tuple(
    (f"{ASSET_DIR}/{name}", THEME_DIR / "assets" / "syllabuild" / name) for name in _ORDER
)
"""(path in the docs folder, file) of every course stylesheet and script, in load order."""

__all__ = ["ASSETS", "ASSET_DIR", "THEME_DIR"]
