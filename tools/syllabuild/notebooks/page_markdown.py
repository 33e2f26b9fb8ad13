"""One executed notebook as a plain Markdown page (plus its output images), for any site builder.

The generated tree holds only Markdown, which MkDocs and Zensical both render; mkdocs-jupyter
exists only for MkDocs. So the pipeline converts notebooks itself, with nbconvert's
`MarkdownExporter` and its output extraction, changed only through nbconvert's own means where
its defaults do not suit a course site:

- a small template extending nbconvert's `markdown` template (front matter with the title, the
  download/Colab buttons, fenced code and text blocks, HTML outputs cleaned with nh3 into raw
  HTML blocks, Markdown outputs rendered and cleaned the same way; printed text only ever in
  fences, as a terminal shows it);
- configuration: which raw cells pass, which representation of an output is shown, the
  extracted images' file names;
- a few filters and one preprocessor (the images' alt text).

Nothing here executes code: the notebook arrives with syllabuild's outputs filled in.
"""

from __future__ import annotations

import json
import threading
import os
import posixpath
import re
from collections.abc import Callable

import markdown
import nbformat
import yaml
from jinja2 import DictLoader
from nbconvert.exporters import MarkdownExporter
from nbconvert.filters import path2url
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from syllabuild.notebooks.model import NotebookPageMarkdown
from syllabuild.snippets.safe_html import html_block
from syllabuild.snippets.terminal import drop_controls, terminal_text

__all__ = ["NotebookPageMarkdown", "render_notebook_page"]

_TEMPLATE_NAME = "syllabuild-notebook-page.md.j2"
_LINKS_CLASS = "sb-notebook-links"
_HTML_CLASS = "sb-nb-html"
_FIGURE_CLASS = "syllabuild-figure"
"""Executed figures, as on snippet pages: a light card in every colour scheme."""
_DEFAULT_LANGUAGE = "python"
"""syllabuild's engine runs Python; many notebooks have no `language_info` at all."""
_LANGUAGE = re.compile(r"^[\w.+#-]+$")
_BACKTICKS = re.compile(r"`+")

# The order in which one output's representations are tried; only the first one present shows.
# nbconvert's Markdown default puts text/latex before images and plain text; the site has no
# math extension, so LaTeX source would reach readers as garbled Markdown. It is shown (as a
# `latex` code block) only when an output has nothing else.
_DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
                     "text/plain", "text/latex"]

# Whitespace matters in Markdown, so every block below trims around its tags (`-`) and ends what
# it writes with one blank line; the page is stripped once at the end.
_TEMPLATE = r"""{%- extends 'markdown/index.md.j2' -%}

{%- block header -%}
---
title: {{ resources.syllabuild.title }}
---

{% if not resources.syllabuild.links_after_first %}{{ resources.syllabuild.links }}

{% endif -%}
{%- endblock header -%}

{%- block in_prompt -%}{%- endblock in_prompt -%}
{%- block output_prompt -%}{%- endblock output_prompt -%}

{%- block markdowncell -%}
{%- if cell.source.strip() -%}
{{ cell.source.strip('\n') }}

{% endif -%}
{%- if resources.syllabuild.links_after_first and cell is sameas nb.cells[0] -%}
{{ resources.syllabuild.links }}

{% endif -%}
{%- endblock markdowncell -%}

{%- block rawcell -%}
{%- set format = (cell.metadata.get('format') or cell.metadata.get('raw_mimetype') or '') | lower -%}
{%- if format and format in resources.raw_mimetypes and cell.source.strip() -%}
{%- if format == 'text/html' -%}
{{ cell.source | sb_raw_html }}
{%- else -%}
{{ cell.source.strip('\n') }}

{% endif -%}
{%- endif -%}
{%- endblock rawcell -%}

{%- block input -%}
{%- if cell.source.strip() -%}
{{ cell.source | sb_fence(cell.metadata.get('magics_language') or resources.syllabuild.language) }}
{%- endif -%}
{%- endblock input -%}

{%- block stream -%}
{{ output.text | sb_text | sb_fence('text', 'sb-output') }}
{%- endblock stream -%}

{%- block error -%}
{{ output | sb_error | sb_text | sb_fence('text', 'sb-output') }}
{%- endblock error -%}

{#- nbconvert's markdown template wraps the choice of representation in blank lines; skip to
    the base template's choice (super.super) so the data blocks below alone decide the spacing. -#}
{%- block execute_result -%}
{%- block data_priority scoped -%}
{{ super.super() }}
{%- endblock data_priority -%}
{%- endblock execute_result -%}

{%- block data_text -%}
{{ output.data['text/plain'] | sb_text | sb_fence('text', 'sb-output') }}
{%- endblock data_text -%}

{%- block data_latex -%}
{{ output.data['text/latex'] | sb_text | sb_fence('latex', 'sb-output') }}
{%- endblock data_latex -%}

{#- Rich outputs come from code, not from the author's pen: cleaned, and plain text where nothing is left. -#}
{%- macro cleaned_or_text(shown, output) -%}
{%- if shown -%}
{{ shown }}
{%- elif 'text/plain' in output.data -%}
{{ output.data['text/plain'] | sb_text | sb_fence('text', 'sb-output') }}
{%- endif -%}
{%- endmacro -%}

{%- block data_markdown -%}
{{ cleaned_or_text(output.data['text/markdown'] | sb_markdown_output, output) }}
{%- endblock data_markdown -%}

{%- block data_html -%}
{{ cleaned_or_text(output.data['text/html'] | sb_html_output, output) }}
{%- endblock data_html -%}

{%- block data_svg -%}
{{ output | sb_image('image/svg+xml') }}
{%- endblock data_svg -%}

{%- block data_png -%}
{{ output | sb_image('image/png') }}
{%- endblock data_png -%}

{%- block data_jpg -%}
{{ output | sb_image('image/jpeg') }}
{%- endblock data_jpg -%}
"""


def render_notebook_page(notebook: dict, *, title: str, download: str, colab: str,
                         words: Callable[[str], str], asset_prefix: str) -> NotebookPageMarkdown:
    """The Markdown page of an executed notebook, with its output images as separate files.

    Args:
        notebook: the executed notebook (nbformat 4 JSON, outputs filled in); never modified.
        title: the page title, written to the front matter for the nav and `<title>`.
        download: link to the downloadable `.ipynb`, relative to the page.
        colab: the "Open in Colab" URL, or '' for no such button.
        words: the page language's messages (`syllabuild.i18n.messages_for(lang)`).
        asset_prefix: folder, relative to the Markdown file, for the output images
            (e.g. `tour_files`).

    Returns:
        The Markdown (byte-identical for the same arguments) and the images it links to.

    Raises:
        ValueError: `asset_prefix` is not a plain relative folder.
        nbformat.ValidationError: the notebook does not follow the nbformat schema (nbconvert
            checks it after preprocessing).
    """
    if not asset_prefix or posixpath.isabs(asset_prefix) or "\\" in asset_prefix \
            or ".." in asset_prefix.split("/"):
        raise ValueError(f"asset_prefix must be a relative folder like 'tour_files', got {asset_prefix!r}")
    # Through nbformat's reader, not a plain copy: it joins the line lists of .ipynb files
    # (`"source": ["a\n", "b"]`) into the strings the templates expect, and upgrades old formats.
    # (nbformat.reads would also validate, logging every schema nit of hand-made notebooks.)
    node = nbformat.convert(nbformat.reader.reads(json.dumps(notebook)), 4)
    cells = node.get("cells", [])
    resources = {
        "output_files_dir": asset_prefix,
        "syllabuild": {
            "title": _yaml_string(title),
            "links": _links(download, colab, words),
            # The buttons go after a first cell that is a heading (the notebook's title), else at the top.
            "links_after_first": bool(cells) and cells[0].get("cell_type") == "markdown"
                                 and cells[0].get("source", "").startswith("#"),
            "language": _language(node.get("metadata") or {}),
            "alt": words("Output of cell {number}"),
        },
    }
    body, resources = _exporter().from_notebook_node(node, resources=resources)
    markdown = body.strip() + "\n"
    assets = {}
    for path in sorted(resources.get("outputs") or {}):
        url = path.replace(os.sep, "/")
        # Only files the page shows: an output often carries several images of itself (PIL
        # images have PNG and JPEG) of which the page shows one.
        if f"]({path2url(path)})" in markdown or f"]({url})" in markdown:
            assets[url] = resources["outputs"][path]
    return NotebookPageMarkdown(markdown, assets)


class _AltText(Preprocessor):
    """Gives each image output the alt text its Markdown image shows.

    An output's own `metadata.alt` (a figure's title, where the engine or author records one)
    wins; otherwise "Output of cell N", counting all cells from 1 as failure messages do.
    """

    def preprocess_cell(self, cell, resources, index):
        """Set `metadata.alt` on the image outputs of one cell."""
        for output in cell.get("outputs", ()):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            metadata = output.setdefault("metadata", {})
            alt = metadata.get("alt")
            if not isinstance(alt, str) or not alt.strip():
                metadata["alt"] = resources["syllabuild"]["alt"].format(number=index + 1)
        return cell, resources


_EXPORTERS = threading.local()


def _exporter() -> MarkdownExporter:
    """One exporter per thread: compiling its templates costs ~0.1 s, more than rendering a page.

    An exporter keeps state between runs (the attachment preprocessor's folder, the exporter's
    notebook metadata), but each run sets it again from its own resources, so reusing one
    exporter for pages rendered one after the other is safe; threads get their own.
    """
    exporter = getattr(_EXPORTERS, "exporter", None)
    if exporter is None:
        exporter = _EXPORTERS.exporter = _new_exporter()
    return exporter


def _new_exporter() -> MarkdownExporter:
    config = Config({
        # Raw cells meant for other formats (LaTeX, reST) or without a format stay off the page;
        # nbconvert's Markdown default also passes raw cells with no format.
        # Validate the notebook once after all preprocessors, not after each one (slow on big ones).
        "MarkdownExporter": {"raw_mimetypes": ["text/markdown", "text/html"], "optimistic_validation": True},
        "NbConvertBase": {"display_data_priority": _DISPLAY_PRIORITY},
        # File names from the cell's position only: the same notebook gives the same names.
        "ExtractOutputPreprocessor": {"enabled": True,
                                      "output_filename_template": "output_{cell_index}_{index}{extension}"},
        # One text block for a cell's printed text, not one per flush; `\r` progress lines collapse.
        "CoalesceStreamsPreprocessor": {"enabled": True},
    })
    exporter = MarkdownExporter(
        config=config,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        template_file=_TEMPLATE_NAME,
        filters={"sb_fence": _fence, "sb_error": _error_text, "sb_raw_html": _raw_html,
                 "sb_html_output": _html_output, "sb_markdown_output": _markdown_output,
                 "sb_text": _terminal_text, "sb_image": _image},
    )
    exporter.register_preprocessor(_AltText, enabled=True)
    return exporter


def _fence(text: str, language: str, css_class: str = "") -> str:
    """`text` as a fenced code block, or '' for empty text.

    The fence is longer than any run of backticks in the text, so code that itself contains
    a fence cannot close the block early. With `css_class` (outputs: `sb-output`, as snippet
    outputs) the fence uses superfences' `{.language .class}` form.
    """
    text = text.strip("\n")
    if not text.strip():
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = f"{{.{language} .{css_class}}}" if css_class else language
    return f"{fence}{info}\n{text}\n{fence}\n\n"


def _error_text(output) -> str:
    """The traceback without ANSI colours, ending with `ename: evalue`.

    IPython's tracebacks (and syllabuild's) already end with that line; it is added only when
    missing, e.g. for an error output with an empty traceback.
    """
    traceback = terminal_text("\n".join(output.get("traceback") or ())).strip("\n")
    ename, evalue = output.get("ename", ""), output.get("evalue", "")
    summary = f"{ename}: {evalue}" if evalue else ename
    if summary and not traceback.rstrip().endswith(summary):
        traceback = f"{traceback}\n{summary}" if traceback.strip() else summary
    return traceback


def _terminal_text(text) -> str:
    """Printed text as a terminal shows it: colours gone, `\\r` redraws applied, no control bytes."""
    return terminal_text(_joined(text))


def _html_output(text) -> str:
    """An HTML output, cleaned (`safe_html`), as one raw line; '' when nothing is left."""
    block = html_block(_joined(text), _HTML_CLASS)
    return f"{block}\n\n" if block else ""


def _markdown_output(text) -> str:
    """A Markdown output (`_repr_markdown_`) rendered to HTML, then cleaned like an HTML output:
    left as Markdown, its raw HTML and attribute lists (`{: onclick=… }`) would reach the page."""
    text = _joined(text)
    if not text.strip():
        return ""
    return _html_output(markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"]))


def _joined(text) -> str:
    """Output text as one string: nbformat allows a list of lines."""
    return "".join(text) if isinstance(text, list) else str(text or "")


def _raw_html(text: str) -> str:
    """HTML as one raw block: a `<div>` at the start of a line, blank lines around it.

    Python-Markdown (MkDocs and Zensical alike) passes a block-level element that starts a line
    through untouched, blank lines inside included; bare inline HTML (`<b>…</b>`, a table's
    text) would instead become paragraph text that Markdown rewrites. No `markdown="0"`: raw is
    already md_in_html's default, and it copies that attribute into the page, where HTML
    validators reject it.
    """
    text = text.strip("\n")
    if not text.strip():
        return ""
    return f'<div class="{_HTML_CLASS}">\n{text}\n</div>\n\n'


def _image(output, mime: str) -> str:
    """A Markdown image of an extracted output; never a `data:` URI (nothing when not extracted)."""
    path = (output.get("metadata", {}).get("filenames") or {}).get(mime)
    if not path:
        return ""
    return f"![{_alt(output['metadata'].get('alt', ''))}]({path2url(path)}){{ .{_FIGURE_CLASS} }}\n\n"


def _alt(text: str) -> str:
    """Alt text that cannot end the image's `[…]` early or break the line."""
    text = " ".join(drop_controls(str(text)).split())
    return re.sub(r"([\\\[\]`])", r"\\\1", text)


def _links(download: str, colab: str, words: Callable[[str], str]) -> str:
    """The buttons paragraph: Markdown links (with attr_list), so every builder rewrites the
    relative download link for the page's URL — raw HTML links are left as written."""
    buttons = [f"[{_label(words('Download notebook'))}](<{download}>){{ .md-button download }}"]
    if colab:
        buttons.append(f"[{_label(words('Open in Colab'))}](<{colab}>){{ .md-button }}")
    return " ".join(buttons) + f"\n{{: .{_LINKS_CLASS} }}"


def _label(text: str) -> str:
    return re.sub(r"([\\\[\]`*_<])", r"\\\1", text)


def _language(metadata: dict) -> str:
    """The fence language: `language_info.name`, else the kernel's language, else Python."""
    for value in ((metadata.get("language_info") or {}).get("name"),
                  (metadata.get("kernelspec") or {}).get("language")):
        if isinstance(value, str) and _LANGUAGE.match(value.strip()):
            return value.strip().lower()
    return _DEFAULT_LANGUAGE


def _yaml_string(text: str) -> str:
    """`text` as one double-quoted YAML scalar on one line, read back as the same string.

    Always quoted: titles like `yes`, `0o17` or `Week 1: Tensors` are not strings in every
    YAML version a builder may use.
    """
    return yaml.safe_dump(str(text), default_style='"', allow_unicode=True, width=1 << 30).strip()
