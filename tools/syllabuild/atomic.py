"""Replacing a whole folder at once: a reader sees the old folder or the new one, never a mix."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["swap_in"]


def swap_in(staging: Path, final: Path) -> None:
    """Put the complete folder `staging` at `final` (a sibling), removing what was there."""
    old = final.with_name(f".{final.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
