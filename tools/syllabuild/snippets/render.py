"""Markdown for an executed snippet: source, then its output right under it; failures as an admonition.

Output is stacked under the code as in a notebook, never behind a tab: each output block is a
fence with the `sb-output` class (superfences' `{.lang .class}` form, which MkDocs and Zensical
both render), and each figure an image with real alternative text.

Printed text is text: it reaches the page only inside fences, as a terminal shows it
(`terminal.terminal_text`), never as markup. HTML shows only where a block asks for it
(`html=true`), cleaned by `safe_html`.
"""

from __future__ import annotations

import re
from typing import Callable

from syllabuild.snippets.display import Display, split_stdout
from syllabuild.snippets.model import Failure, Location, Snippet, SnippetResult, Status
from syllabuild.snippets.safe_html import html_block
from syllabuild.snippets.terminal import drop_controls, terminal_text

OUTPUT_CLASS = "sb-output"
"""Class of a block of executed output (snippets and notebooks alike), styled by the theme."""
HTML_CLASS = "sb-html"
"""Class of a block of rich HTML output (with `sb-output`), as notebooks' `sb-nb-html`."""
FIGURE_CLASS = "syllabuild-figure"
"""Class of an executed figure: drawn on a light card in every colour scheme."""

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
    source = _fence("python", drop_controls(snippet.code), _title(snippet))
    if result is None:
        return source
    if not result.ok:
        return _join(source if snippet.options.show_source else "", _failure_box(result, run, index))
    output = ""
    if snippet.options.show_output:
        output = _output(result, run, figure_link, figure_alts(snippet, result), snippet.options.html)
    if not snippet.options.show_source:
        return output
    return _join(source, output)


def figure_alts(snippet: Snippet, result: SnippetResult) -> tuple[str, ...]:
    """Alternative text of each figure: the snippet's `alt` option (`|` between figures), else what
    the figure itself says; '' where there is neither."""
    given = [part.strip() for part in snippet.options.alt.split("|")] if snippet.options.alt else []
    return tuple(given[number] if number < len(given) and given[number] else figure.alt
                 for number, figure in enumerate(result.figures))


def render_problem(message: str) -> str:
    return f'!!! failure "Snippet not run"\n\n{_indent(_fence("text", terminal_text(message)))}'


def _output(result: SnippetResult, run, figure_link: FigureLink, alts: tuple[str, ...], html: bool) -> str:
    parts = []
    for part in split_stdout(result.stdout) if html else [result.stdout]:
        if isinstance(part, Display):
            parts.append(_rich(part))
        else:
            parts.append(_text_fence(part, css_class=OUTPUT_CLASS))
    parts.append(_text_fence(result.stderr, "stderr", css_class=OUTPUT_CLASS))
    if result.failure is not None:  # the expected exception
        parts.append(_fence("pytb", terminal_text(format_traceback(result.failure, run)), css_class=OUTPUT_CLASS))
    for figure, alt in zip(result.figures, alts):
        url = figure_link(figure.data, figure.format)
        # A Markdown image, not raw HTML: every builder resolves its relative link from the page's file.
        parts.append(f'![{image_alt(alt)}]({url}){{ .{FIGURE_CLASS} loading=lazy }}')
    return _join(*parts)


def image_alt(text: str) -> str:
    """Alt text that cannot end a Markdown image's `[…]` early or break the line."""
    return re.sub(r"([\\\[\]`*_])", r"\\\1", " ".join(drop_controls(text).split()))


def _failure_box(result: SnippetResult, run, index: int) -> str:
    failure = result.failure
    where = failure_location(failure, run, index)
    title = "Snippet not run" if result.status is Status.SKIPPED else f"Snippet failed at {where}"
    body = [_fence("pytb", terminal_text(format_traceback(failure, run))),
            _text_fence(_printed(result.stdout) if run[index].options.html else result.stdout, "stdout"),
            _text_fence(result.stderr, "stderr")]
    return f'!!! failure "{title}"\n\n{_indent(_join(*body))}'


def _rich(shown: Display) -> str:
    """A rich output's cleaned HTML; its plain text where no HTML is left (or there was none)."""
    block = html_block(str(shown.data.get("text/html") or ""), f"{OUTPUT_CLASS} {HTML_CLASS}")
    return block or _text_fence(str(shown.data.get("text/plain") or ""), css_class=OUTPUT_CLASS)


def _printed(stdout: str) -> str:
    """stdout with each rich output as its plain text (the failure box shows text only)."""
    return "".join(part if isinstance(part, str) else str(part.data.get("text/plain") or "") + "\n"
                   for part in split_stdout(stdout))


def _text_fence(text: str, title: str = "", css_class: str = "") -> str:
    """Printed text as a `text` fence, as a terminal shows it; '' when nothing would show."""
    text = terminal_text(text)
    return _fence("text", text, title, css_class) if text.strip() else ""


def _frame_location(frame, run) -> Location:
    if frame.block < 0:
        return Location(frame.path, frame.line)
    return run[frame.block].location.shifted(frame.line - 1)


def _title(snippet: Snippet) -> str:
    return snippet.location.path.rsplit("/", 1)[-1] if snippet.source_file is not None else ""


def _fence(language: str, text: str, title: str = "", css_class: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    attrs = f' title="{title}"' if title else ""
    if css_class:
        return f"{fence}{{.{language} .{css_class}{attrs}}}\n{text.rstrip(chr(10))}\n{fence}"
    return f"{fence}{language}{attrs}\n{text.rstrip(chr(10))}\n{fence}"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)
