"""Markdown for an executed snippet: source and output as Material tabs, failures as an admonition."""

from __future__ import annotations

import re
from typing import Callable

from syllabuild.snippets.model import Failure, Location, Snippet, SnippetResult, Status

FigureLink = Callable[[bytes, str], str]
"""(figure bytes, format) → URL of the asset, relative to the page."""


def failure_location(failure: Failure, run: tuple[Snippet, ...], index: int) -> Location:
    """The deepest frame in the snippets themselves (not in helper modules), else the snippet's first line."""
    for frame in reversed(failure.frames):
        if frame.block >= 0:
            return _frame_location(frame, run)
    return run[index].location


def format_traceback(failure: Failure, run: tuple[Snippet, ...]) -> str:
    """A Python-style traceback with only the author's frames, at their real file and line."""
    lines = []
    if failure.frames:
        lines.append("Traceback (most recent call last):")
        for frame in failure.frames:
            location = _frame_location(frame, run)
            lines.append(f'  File "{location.path}", line {location.line}, in {frame.name}')
            if frame.source:
                lines.append(f"    {frame.source}")
    lines.append(failure.message)
    return "\n".join(lines)


def render_snippet(snippet: Snippet, result: SnippetResult | None, run: tuple[Snippet, ...], index: int,
                   figure_link: FigureLink) -> str:
    """Markdown replacing the fenced block (unindented)."""
    source = _fence("python", snippet.code, _title(snippet))
    if result is None:
        return source
    if not result.ok:
        return _join(source if snippet.options.show_source else "", _failure_box(result, run, index))
    output = _output(result, run, figure_link) if snippet.options.show_output else ""
    if not snippet.options.show_source:
        return output
    if not output:
        return source
    # `===!` starts a new tab set, so two snippets in a row do not merge into one set of four tabs.
    return _join(_tab("Code", source, new_set=True), _tab("Output", output))


def render_problem(message: str) -> str:
    return f'!!! failure "Snippet not run"\n\n{_indent(_fence("text", message))}'


def _output(result: SnippetResult, run, figure_link: FigureLink) -> str:
    parts = []
    if result.stdout:
        parts.append(_fence("text", result.stdout))
    if result.stderr:
        parts.append(_fence("text", result.stderr, "stderr"))
    if result.failure is not None:  # the expected exception
        parts.append(_fence("pytb", format_traceback(result.failure, run)))
    for number, figure in enumerate(result.figures, 1):
        url = figure_link(figure.data, figure.format)
        # A Markdown image, not raw HTML: every builder resolves its relative link from the page's file.
        parts.append(f'![Figure {number}]({url}){{ .syllabuild-figure loading=lazy }}')
    return _join(*parts)


def _failure_box(result: SnippetResult, run, index: int) -> str:
    failure = result.failure
    where = failure_location(failure, run, index)
    title = "Snippet not run" if result.status is Status.SKIPPED else f"Snippet failed at {where}"
    body = [_fence("pytb", format_traceback(failure, run))]
    if result.stdout:
        body.append(_fence("text", result.stdout, "stdout"))
    if result.stderr:
        body.append(_fence("text", result.stderr, "stderr"))
    return f'!!! failure "{title}"\n\n{_indent(_join(*body))}'


def _frame_location(frame, run) -> Location:
    if frame.block < 0:
        return Location(frame.path, frame.line)
    return run[frame.block].location.shifted(frame.line - 1)


def _title(snippet: Snippet) -> str:
    return snippet.location.path.rsplit("/", 1)[-1] if snippet.source_file is not None else ""


def _fence(language: str, text: str, title: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    attrs = f' title="{title}"' if title else ""
    return f"{fence}{language}{attrs}\n{text.rstrip(chr(10))}\n{fence}"


def _tab(label: str, body: str, *, new_set: bool = False) -> str:
    marker = "===!" if new_set else "==="
    return f'{marker} "{label}"\n\n{_indent(body)}'


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)
