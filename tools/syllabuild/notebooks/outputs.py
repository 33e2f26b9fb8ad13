"""From one cell's `SnippetResult` to Jupyter outputs (nbformat 4 dictionaries)."""

from __future__ import annotations

import base64

from syllabuild.snippets.display import split_stdout
from syllabuild.snippets.model import SnippetResult

_FIGURE_MIME = {"png": "image/png", "svg": "image/svg+xml"}


def cell_outputs(result: SnippetResult, execution_count: int, traceback: list[str] | None) -> list[dict]:
    """stdout (with rich displays in the order they happened), stderr, figures, then the error if any.

    `traceback` is the trimmed traceback (lines) for a failure or an expected exception.
    """
    outputs = _stdout_outputs(result.stdout, execution_count)
    if result.stderr:
        outputs.append(_stream("stderr", result.stderr))
    for figure in result.figures:
        outputs.append(_figure(figure.format, figure.data, figure.alt))
    if result.failure is not None:
        ename, _, evalue = result.failure.message.partition(": ")
        outputs.append({"output_type": "error", "ename": ename, "evalue": evalue,
                        "traceback": traceback or [result.failure.message]})
    return outputs


def _stdout_outputs(stdout: str, execution_count: int) -> list[dict]:
    outputs: list[dict] = []
    for part in split_stdout(stdout):
        if isinstance(part, str):
            outputs.append(_stream("stdout", part))
        elif part.kind == "execute_result":
            outputs.append({"output_type": "execute_result", "execution_count": execution_count,
                            "data": part.data, "metadata": {}})
        else:
            outputs.append({"output_type": "display_data", "data": part.data, "metadata": {}})
    return outputs


def _stream(name: str, text: str) -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def _figure(fmt: str, data: bytes, alt: str = "") -> dict:
    """A figure output; `metadata.alt` carries what the figure says (the page's image alt text)."""
    mime = _FIGURE_MIME.get(fmt, "image/png")
    value = data.decode("utf-8") if mime == "image/svg+xml" else base64.b64encode(data).decode("ascii")
    return {"output_type": "display_data", "data": {mime: value, "text/plain": "<Figure>"},
            "metadata": {"alt": alt} if alt else {}}
