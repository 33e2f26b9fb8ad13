"""Finding executable snippets in page Markdown, and where each line came from."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from syllabuild.snippets.model import Location, Snippet, SnippetError, SnippetOptions
from syllabuild.snippets.options import apply_options, header_attributes, parse_attributes
from syllabuild.markers import ORIGIN

_OPEN = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_LANGUAGES = {"python", "py", "python3"}
_TRUE = {"on", "true", "yes", "1"}


@dataclass(frozen=True)
class Block:
    """A marked fence on a page: lines `start`..`end` (0-based, both fences included) and its snippet."""

    start: int
    end: int
    indent: str
    snippet: Snippet | None
    """None when the block could not be read; `problem` says why."""
    problem: SnippetError | None = None


@dataclass(frozen=True)
class SnippetSources:
    """Where relative paths resolve: the project (mkdocs.yml folder) and its snippets folder."""

    project_dir: Path
    snippets_dir: str = "snippets"
    defaults: SnippetOptions = SnippetOptions()


def normalize_code(code: str) -> str:
    """Strip what never changes a result: common indentation, trailing spaces and blank lines."""
    lines = [line.rstrip() for line in textwrap.dedent(code).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def find_blocks(markdown: str, page_path: str, sources: SnippetSources) -> list[Block]:
    """Every executable block of a page, located through `<!-- syllabuild:origin path:N -->` markers."""
    lines = markdown.split("\n")
    blocks, origin, origin_index = [], Location(page_path, 1), 0
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = ORIGIN.match(line)
        if marker:
            origin, origin_index = Location(marker["path"], int(marker["line"])), index + 1
            index += 1
            continue
        opening = _OPEN.match(line)
        if not opening:
            index += 1
            continue
        end = _closing_fence(lines, index, opening)
        info = opening["info"].strip()
        language, attrs = _split_info(info)
        if language in _LANGUAGES and (attrs.get("exec", "").lower() in _TRUE or "file" in attrs):
            body = [text[len(opening["indent"]):] for text in lines[index + 1:end]]
            location = origin.shifted(index + 1 - origin_index)
            blocks.append(_block(index, end, opening["indent"], "\n".join(body), attrs, location, sources))
        index = end + 1
    return blocks


def _closing_fence(lines: list[str], start: int, opening: re.Match) -> int:
    fence = opening["fence"]
    closing = re.compile(rf"^[ ]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index
    return len(lines) - 1


def _split_info(info: str) -> tuple[str, dict[str, str]]:
    """`python exec="on"` and `{.python exec="on"}` both give `("python", {"exec": "on"})`."""
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1].strip()
    language, _, rest = info.partition(" ")
    return language.lstrip(".").lower(), parse_attributes(rest)


def _block(start, end, indent, body, attrs, location, sources: SnippetSources) -> Block:
    source_file = None
    if "file" in attrs:
        relpath = f"{sources.snippets_dir}/{attrs['file']}"
        source_file = sources.project_dir / relpath
        if not source_file.is_file():
            problem = SnippetError(location, f"snippet file {relpath} not found")
            return Block(start, end, indent, None, problem)
        body = source_file.read_text(encoding="utf-8")
        attrs = {**header_attributes(body), **attrs}
        location = Location(relpath, 1)
    options, problems = apply_options(sources.defaults, attrs)
    if problems:
        return Block(start, end, indent, None, SnippetError(location, "; ".join(problems)))
    snippet = Snippet(normalize_code(body), location, options, attrs.get("session", ""), source_file)
    return Block(start, end, indent, snippet)


def snippet_from_file(path: Path, sources: SnippetSources) -> Snippet:
    """A snippet file as one snippet, options from its `# syllabuild:` header."""
    code = path.read_text(encoding="utf-8")
    relpath = path.resolve().relative_to(sources.project_dir.resolve()).as_posix()
    options, problems = apply_options(sources.defaults, header_attributes(code))
    if problems:
        raise SnippetError(Location(relpath, 1), "; ".join(problems))
    return Snippet(normalize_code(code), Location(relpath, 1), options, "", path.resolve())


def group_runs(snippets: list[Snippet]) -> list[tuple[Snippet, ...]]:
    """Each snippet alone, except blocks of one session which run together in page order."""
    runs: list[list[Snippet]] = []
    sessions: dict[str, list[Snippet]] = {}
    for snippet in snippets:
        if snippet.session:
            if snippet.session not in sessions:
                sessions[snippet.session] = []
                runs.append(sessions[snippet.session])
            sessions[snippet.session].append(snippet)
        else:
            runs.append([snippet])
    return [tuple(run) for run in runs]
