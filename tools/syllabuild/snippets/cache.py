"""Content-addressed store of snippet results: one directory per key, written atomically.

Layout (like jupyter-cache's hashed entries)::

    <cache_dir>/snippets/<key>/manifest.json   result, the sha256 of each blob and of the files the
                                               run read, the versions of the installed packages it
                                               had loaded, and the sha256 of the manifest itself
    <cache_dir>/snippets/<key>/stdout.txt, stderr.txt, figure-<n>.<fmt>

An entry is used while the files it read and the packages it had loaded are unchanged (a torch
upgrade reruns what had torch loaded, not a snippet that printed a string). It is checked
against its hashes on every read: a damaged one (a truncated figure, a flipped byte, a lost
file) is `DamagedEntry`, removed, and never shown.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import site
import sys
import tempfile
import threading
from dataclasses import asdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import syllabuild
from syllabuild.snippets.model import Failure, Figure, Frame, Snippet, SnippetResult, Status

FORMAT = 4
"""Bump when the engine changes what a cached result means, or the layout of an entry."""

__all__ = ["FORMAT", "DamagedEntry", "PackageVersions", "SnippetCache", "file_digest", "snippet_keys", "tool_versions"]


class DamagedEntry(Exception):
    """A cache entry that does not match its recorded hashes; the message says which part and how."""


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Versions that change every result; the libraries a run loaded are checked per entry instead."""
    return {"python": sys.version, "syllabuild": syllabuild.__version__, "format": str(FORMAT)}


class PackageVersions:
    """Installed distributions' versions, and which distributions provide each top-level module.

    Read from package metadata (no import) in one pass over every installed distribution, kept in
    `<cache_dir>/snippets/.packages.json` until a site-packages folder changes (installing,
    upgrading or removing a package changes its folder's time). `forget`, which each build calls,
    makes the next use look at those times again, so `serve` notices an upgrade while it runs.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._file = folder / ".packages.json" if folder is not None else None
        self._lock = threading.Lock()
        self._table: dict | None = None

    def forget(self) -> None:
        with self._lock:
            self._table = None

    def prefetch(self) -> None:
        """Get the table ready in the background (while the workers warm up)."""
        threading.Thread(target=self._ready, name="syllabuild-packages", daemon=True).start()

    def version(self, distribution: str) -> str:
        """The installed version, or '' when it is not installed."""
        return self._ready()["versions"].get(distribution, "")

    def of_modules(self, modules: tuple[str, ...]) -> dict[str, str]:
        """{distribution: version} of what provides `modules` (top-level names); unknown ones are left out."""
        table = self._ready()
        return {name: self.version(name) for module in modules for name in table["providers"].get(module, ())}

    def _ready(self) -> dict:
        with self._lock:
            if self._table is None:
                stamp = _package_folders()
                self._table = self._read(stamp) or self._scan(stamp)
            return self._table

    def _read(self, stamp: dict) -> dict | None:
        try:
            table = json.loads(self._file.read_text(encoding="utf-8")) if self._file else None
        except (OSError, ValueError):
            return None
        return table if isinstance(table, dict) and table.get("stamp") == stamp else None

    def _scan(self, stamp: dict) -> dict:
        versions: dict[str, str] = {}
        providers: dict[str, list[str]] = {}
        for distribution in metadata.distributions():
            name = distribution.metadata["Name"]
            if not name or name in versions:
                continue  # the first one found on the path is the one imported
            versions[name] = distribution.version or ""
            for module in _top_level(distribution):
                providers.setdefault(module, []).append(name)
        table = {"stamp": stamp, "versions": versions, "providers": providers}
        if self._file is not None:
            try:
                self._file.parent.mkdir(parents=True, exist_ok=True)
                staging = self._file.with_name(f"{self._file.name}.{os.getpid()}")
                staging.write_text(json.dumps(table, sort_keys=True), encoding="utf-8")
                os.replace(staging, self._file)
            except OSError:
                pass  # read again next time
        return table


def _package_folders() -> dict[str, int]:
    """The site-packages folders on the path, with their modification times (nanoseconds)."""
    folders = [*site.getsitepackages(), site.getusersitepackages(),
               *(entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages")))]
    stamp = {}
    for folder in sorted(set(folders)):
        try:
            stamp[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            continue
    return stamp


def _top_level(distribution: metadata.Distribution) -> set[str]:
    """The top-level modules a distribution installs: its top_level.txt, else the first parts of its RECORD."""
    listed = distribution.read_text("top_level.txt")
    if listed is not None:
        return set(listed.split())
    names = set()
    for line in (distribution.read_text("RECORD") or "").splitlines():
        first = line.split(",", 1)[0].split("/", 1)[0]
        if first and not first.endswith((".dist-info", ".data", ".pth")) and not first.startswith(".."):
            names.add(first.split(".", 1)[0])
    return names


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

    def __init__(self, cache_dir: Path, project_dir: Path, packages: PackageVersions | None = None) -> None:
        self.root = cache_dir / "snippets"
        self.project_dir = project_dir
        self.packages = packages or PackageVersions(self.root)

    def load(self, key: str) -> SnippetResult | None:
        """The stored result, or None if there is none, or the files it read or the packages it had
        loaded have changed.

        Raises:
            DamagedEntry: the entry does not match its hashes (it is removed, so this happens once).
        """
        entry = self.root / key
        try:
            text = (entry / "manifest.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None  # no entry; a partly written one never has this name
        except OSError as error:
            raise self._damaged(entry, f"manifest.json: {error.strerror}") from None
        except UnicodeDecodeError:
            raise self._damaged(entry, "manifest.json: not UTF-8") from None
        try:
            manifest = _verified_manifest(text)
        except ValueError as problem:
            raise self._damaged(entry, f"manifest.json: {problem}") from None
        for relpath, digest in manifest["deps"].items():
            if file_digest(self.project_dir / relpath) != digest:
                return None
        for distribution, version in manifest["versions"].items():
            if self.packages.version(distribution) != version:
                return None
        blobs = {}
        for name, blob in manifest["blobs"].items():
            try:
                blobs[name] = _verified_blob(entry / blob["file"], blob["sha256"])
            except ValueError as problem:
                raise self._damaged(entry, f"{name}: {problem}") from None
        figures = tuple(Figure(f["format"], blobs[f"figure {n}"], f["alt"]) for n, f in enumerate(manifest["figures"], 1))
        failure = manifest["failure"]
        if failure is not None:
            failure = Failure(failure["message"], tuple(Frame(**frame) for frame in failure["frames"]))
        return SnippetResult(Status(manifest["status"]), _text(blobs["stdout"]), _text(blobs["stderr"]), figures,
                             failure, tuple(manifest["deps"]), cached=True)

    def store(self, key: str, result: SnippetResult) -> None:
        """Write the entry in a temporary folder and rename it into place: never a partial entry."""
        if not result.cacheable:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.root))
        contents = {"stdout": ("stdout.txt", result.stdout.encode("utf-8", "surrogatepass")),
                    "stderr": ("stderr.txt", result.stderr.encode("utf-8", "surrogatepass"))}
        figures = []
        for number, figure in enumerate(result.figures, 1):
            contents[f"figure {number}"] = (f"figure-{number}.{figure.format}", figure.data)
            figures.append({"format": figure.format, "alt": figure.alt})
        blobs = {}
        for name, (file, data) in contents.items():
            (staging / file).write_bytes(data)
            blobs[name] = {"file": file, "sha256": hashlib.sha256(data).hexdigest()}
        manifest = {
            "status": result.status.value, "blobs": blobs, "figures": figures,
            "failure": asdict(result.failure) if result.failure else None,
            "deps": {relpath: file_digest(self.project_dir / relpath) for relpath in result.deps},
            "versions": self.packages.of_modules(result.modules),
        }
        document = {"entry": manifest, "sha256": _manifest_digest(manifest)}
        (staging / "manifest.json").write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")
        _replace_dir(staging, self.root / key)

    def _damaged(self, entry: Path, problem: str) -> DamagedEntry:
        """Remove a damaged entry (the run that replaces it may not be cacheable) and describe it."""
        trash = entry.with_name(f".{entry.name}.damaged")
        try:
            os.rename(entry, trash)
        except OSError:
            pass  # removed or replaced meanwhile by another build
        shutil.rmtree(trash, ignore_errors=True)
        return DamagedEntry(problem)

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        if not self.root.is_dir():
            return 0
        count = sum(1 for p in self.root.iterdir() if not p.name.startswith("."))
        shutil.rmtree(self.root)
        return count


def _manifest_digest(manifest: dict) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _verified_manifest(text: str) -> dict:
    """The manifest's entry, if it is intact; ValueError says what is wrong."""
    try:
        document = json.loads(text)
        manifest, recorded = document["entry"], document["sha256"]
    except (ValueError, KeyError, TypeError):
        raise ValueError("not a readable manifest") from None
    digest = _manifest_digest(manifest)
    if digest != recorded:
        raise ValueError(_mismatch(recorded, digest))
    return manifest


def _verified_blob(path: Path, recorded: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path.name} is missing") from None
    except OSError as error:
        raise ValueError(f"{path.name}: {error.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != recorded:
        raise ValueError(_mismatch(recorded, digest))
    return data


def _mismatch(expected: str, got: str) -> str:
    return f"expected sha256 {expected[:12]}…, got {got[:12]}…"


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


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
