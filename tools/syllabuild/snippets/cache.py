"""Content-addressed store of snippet results: one directory per key, written atomically.

Layout (like jupyter-cache's hashed entries)::

    <cache_dir>/snippets/<key>/manifest.json   result, and the hashes of the files the run read
    <cache_dir>/snippets/<key>/figure-<n>.<fmt>
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import syllabuild
from syllabuild.snippets.model import Failure, Figure, Frame, Snippet, SnippetResult, Status

FORMAT = 2
"""Bump when the engine changes what a cached result means."""


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Versions that change results; read from package metadata, so torch is not imported here."""
    versions = {"python": sys.version, "syllabuild": syllabuild.__version__, "format": str(FORMAT)}
    for package in ("torch", "matplotlib", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = ""
    return versions


def snippet_keys(run: tuple[Snippet, ...], seed: int = 0) -> tuple[str, ...]:
    """One key per snippet; each includes the keys before it in the session (the session chain)."""
    keys, previous = [], ""
    for snippet in run:
        payload = {"code": snippet.code, "options": snippet.options.key_fields(), "after": previous,
                   "versions": tool_versions(), "seed": seed, "file": snippet.source_file is not None}
        previous = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]
        keys.append(previous)
    return tuple(keys)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


class SnippetCache:
    """Results by key under `<cache_dir>/snippets`; an entry is valid while the files it read are unchanged."""

    def __init__(self, cache_dir: Path, project_dir: Path) -> None:
        self.root = cache_dir / "snippets"
        self.project_dir = project_dir

    def load(self, key: str) -> SnippetResult | None:
        entry = self.root / key
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for relpath, digest in manifest["deps"].items():
            if file_digest(self.project_dir / relpath) != digest:
                return None
        try:
            figures = tuple(Figure(f["format"], (entry / f["name"]).read_bytes(), f.get("alt", "")) for f in manifest["figures"])
        except OSError:
            return None
        failure = manifest["failure"]
        if failure is not None:
            failure = Failure(failure["message"], tuple(Frame(**frame) for frame in failure["frames"]))
        return SnippetResult(Status(manifest["status"]), manifest["stdout"], manifest["stderr"], figures,
                             failure, tuple(manifest["deps"]), cached=True)

    def store(self, key: str, result: SnippetResult) -> None:
        """Write the entry in a temporary folder and rename it into place: never a partial entry."""
        if not result.cacheable:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.root))
        figures = []
        for number, figure in enumerate(result.figures, 1):
            name = f"figure-{number}.{figure.format}"
            (staging / name).write_bytes(figure.data)
            figures.append({"name": name, "format": figure.format, "alt": figure.alt})
        manifest = {
            "status": result.status.value, "stdout": result.stdout, "stderr": result.stderr,
            "figures": figures, "failure": asdict(result.failure) if result.failure else None,
            "deps": {relpath: file_digest(self.project_dir / relpath) for relpath in result.deps},
            "versions": tool_versions(),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        _replace_dir(staging, self.root / key)

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        if not self.root.is_dir():
            return 0
        count = sum(1 for p in self.root.iterdir() if not p.name.startswith("."))
        shutil.rmtree(self.root)
        return count


def _replace_dir(staging: Path, final: Path) -> None:
    try:
        os.rename(staging, final)
        return
    except OSError:
        pass
    # An old entry (its inputs changed): move it aside first; a crash in between only loses the entry.
    trash = staging.with_name(staging.name + ".old")
    try:
        os.rename(final, trash)
    except OSError:
        pass
    try:
        os.rename(staging, final)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another process wrote the same key meanwhile
    shutil.rmtree(trash, ignore_errors=True)
