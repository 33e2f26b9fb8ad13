"""Real project folders for the benchmarks: a syllabuild course and its peers' projects, same pages.

- `syllabuild_course`: what `syllabuild new course` writes, with the benchmark's lectures in
  syllabus.yaml and their notes (or notebooks) in lectures/; built with `syllabuild build`.
- `markdown_exec_project`, `jupyter_project`: plain MkDocs projects with the same theme and
  Markdown extensions, the same lecture pages (or notebooks), and the peer's plugin.
- `floor_project`: plain MkDocs (no plugin, no execution) over the pages syllabuild generated —
  what rendering the same pages costs without syllabuild.

Every snippet ends by printing a marker computed at run time (see `bench.verify`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from bench.harness import BIN, ENV, REPO

REALISTIC = ("activations", "attention", "backprop_by_hand", "batch_norm", "conv_shapes", "dropout",
             "fine_tuning", "gd_paths", "init_variance", "quantization")
"""Snippets of the sample course (snippets/*.py): torch training steps, shapes, matplotlib figures."""
START, TIMEZONE = "2025-03-03", "Europe/Berlin"
SYLLABUILD_BUILD = (str(BIN / "syllabuild"), "build")
"""What a course's Makefile runs for `make site`."""
MKDOCS_BUILD = (str(BIN / "mkdocs"), "build")
_SAVE_SVG = ('from io import StringIO\n_buffer = StringIO()\nplt.gcf().savefig(_buffer, format="svg")\n'
             'plt.close("all")\nprint(_buffer.getvalue())\n')
"""What markdown-exec's documentation has a page do to show a matplotlib figure."""


@dataclass(frozen=True)
class Block:
    """One `exec="on"` code block, and what its run must put on the page."""

    code: str
    marker: str
    """Output text that only a run of this code prints."""
    figures: int = 0


@dataclass(frozen=True)
class Lecture:
    number: int
    title: str
    blocks: tuple[Block, ...]
    source: str = ""
    """The sample course's snippet the block was made from, if any."""

    @property
    def slug(self) -> str:
        return f"{self.number:02d}-" + re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")

    @property
    def expected(self) -> dict[str, int]:
        return {block.marker: block.figures for block in self.blocks}


def realistic_block(name: str, lecture: int, variant: int = 0) -> Block:
    """Snippet `name` of the sample course, with a constant (`variant`) an edit changes and a marker."""
    source = (REPO / "snippets" / f"{name}.py").read_text(encoding="utf-8").rstrip()
    code = f'{source}\n\nBENCH_VARIANT = {variant}\nprint("bench-marker", {lecture}, BENCH_VARIANT * 7 + 1000, "ok")\n'
    figures = len(re.findall(r"plt\.(subplots|figure)\(", source)) or int("plt." in source)
    return Block(code, f"bench-marker {lecture} {variant * 7 + 1000} ok", figures)


def trivial_block(number: int) -> Block:
    return Block(f"x = {number}\nprint('trivial', x, x * 3, 'ok')\n", f"trivial {number} {number * 3} ok")


def realistic_lectures(count: int) -> list[Lecture]:
    names = [REALISTIC[k % len(REALISTIC)] for k in range(count)]
    return [Lecture(n, name.replace("_", " ").capitalize(), (realistic_block(name, n),), name)
            for n, name in enumerate(names, 1)]


def notes(lecture: Lecture, fence: str = 'exec="on"', figure_fence: str | None = None,
          figure_suffix: str = "") -> str:
    """A lecture's notes: prose around each block, the way the sample course's notes read."""
    parts = [(f"### {lecture.title}\n\nWhat this part shows, in a sentence or two, with *emphasis* and a list:\n\n"
              "- the idea in one line;\n- what to look for in the output.\n")]
    for block in lecture.blocks:
        if block.figures and figure_fence:
            parts.append(f"```python {figure_fence}\n{block.code}{figure_suffix}```\n")
        else:
            parts.append(f"```python {fence}\n{block.code}```\n")
    parts.append("!!! note\n    A closing remark, in an admonition.\n")
    return "\n".join(parts)


def notebook(lecture: Lecture) -> dict:
    """The lecture as a notebook: a title and prose cell, then one code cell per block."""
    cells = [{"cell_type": "markdown", "id": "title", "metadata": {},
              "source": f"# {lecture.title}\n\nWhat this notebook shows, in a sentence or two."}]
    for k, block in enumerate(lecture.blocks):
        cells.append({"cell_type": "code", "execution_count": None, "id": f"code-{k}", "metadata": {},
                      "outputs": [], "source": block.code})
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def notebook_name(lecture: Lecture) -> str:
    return f"tutorial-{lecture.number:02d}.ipynb"


# -- projects -----------------------------------------------------------------------------------
def syllabuild_course(folder: Path, lectures: Sequence[Lecture], *, snippets: dict | None = None,
                      as_notebooks: bool = False) -> Path:
    """`syllabuild new course`, then the benchmark's lectures: notes in lectures/NN-*.md, or one
    notebook per lecture (listed as the lecture's exercise) when `as_notebooks`."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "syllabuild"), "new", "course", str(folder), "--title", "Bench course", "--start", START,
                    "--timezone", TIMEZONE, "--weeks", "13"], check=True, capture_output=True, env=ENV)
    for stale in [*(folder / "lectures").iterdir(), *(folder / "snippets").iterdir()]:
        stale.unlink()
    yaml = YAML()
    syllabus = yaml.load(folder / "syllabus.yaml")
    entries = []
    for lecture in lectures:
        entry = {"number": lecture.number, "title": lecture.title, "summary": f"What lecture {lecture.number} is about.",
                 "topics": ["A first topic", "A second topic"]}
        if as_notebooks:
            entry["exercises"] = [{"title": f"Tutorial {lecture.number}", "notebook": f"lectures/{notebook_name(lecture)}"}]
        entries.append(entry)
    syllabus["lectures"] = entries
    yaml.dump(syllabus, folder / "syllabus.yaml")
    if snippets:
        config = yaml.load(folder / "mkdocs.yml")
        options = next(p["syllabuild"] for p in config["plugins"] if isinstance(p, dict) and "syllabuild" in p)
        options["snippets"] = dict(snippets)
        yaml.dump(config, folder / "mkdocs.yml")
    for lecture in lectures:
        if as_notebooks:
            (folder / "lectures" / notebook_name(lecture)).write_text(json.dumps(notebook(lecture), indent=1), encoding="utf-8")
        else:
            write_notes(folder, lecture)
    return folder


def write_notes(course: Path, lecture: Lecture) -> None:
    (course / "lectures" / f"{lecture.slug}.md").write_text(notes(lecture), encoding="utf-8")


def lecture_pages(lectures: Sequence[Lecture]) -> list[str]:
    """The pages `syllabuild build` writes for the lectures (besides home, schedule, …)."""
    return ["lectures/index.html", *(f"lectures/{lecture.slug}/index.html" for lecture in lectures)]


def peer_config(course: Path, target: Path, plugins: list) -> Path:
    """The course's mkdocs.yml for a plain MkDocs project: same theme and extensions, other plugins."""
    yaml = YAML()
    config = yaml.load(course / "mkdocs.yml")
    config["plugins"] = plugins
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if e != "syllabuild.guard"]
    target.mkdir(parents=True, exist_ok=True)
    yaml.dump(config, target / "mkdocs.yml")
    return target / "mkdocs.yml"


def markdown_exec_project(folder: Path, course: Path, lectures: Sequence[Lecture]) -> Path:
    """The lecture pages with markdown-exec: code shown above its output; figures saved as SVG and printed."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs" / "lectures").mkdir(parents=True)
    peer_config(course, folder, ["search", "markdown-exec"])
    (folder / "docs" / "index.md").write_text("# Bench course\n", encoding="utf-8")
    for lecture in lectures:
        text = notes(lecture, fence='exec="on" source="above" result="text"',
                     figure_fence='exec="on" source="above" html="1"', figure_suffix=_SAVE_SVG)
        (folder / "docs" / "lectures" / f"{lecture.slug}.md").write_text(f"# {lecture.number}. {lecture.title}\n\n{text}",
                                                                         encoding="utf-8")
    return folder


def jupyter_project(folder: Path, course: Path, lectures: Sequence[Lecture]) -> Path:
    """The same notebooks with mkdocs-jupyter, `execute: true` (a Jupyter kernel per notebook)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs" / "notebooks").mkdir(parents=True)
    peer_config(course, folder, ["search", {"mkdocs-jupyter": {"execute": True, "include": ["*.ipynb"]}}])
    (folder / "docs" / "index.md").write_text("# Bench course\n", encoding="utf-8")
    for lecture in lectures:
        (folder / "docs" / "notebooks" / notebook_name(lecture)).write_text(json.dumps(notebook(lecture), indent=1),
                                                                           encoding="utf-8")
    return folder


def floor_project(generated: Path, config_file: Path, target: Path) -> list[list[str]]:
    """Plain MkDocs projects over a generated tree's editions (no plugin, no execution); their commands."""
    shutil.rmtree(target, ignore_errors=True)
    tree = json.loads((generated / "tree.json").read_text(encoding="utf-8"))
    yaml = YAML()
    base = yaml.load(config_file)
    base["plugins"] = ["search"]
    base["markdown_extensions"] = [e for e in base["markdown_extensions"] if e != "syllabuild.guard"]
    commands = []
    for edition in tree["editions"]:
        folder = target / edition["lang"]
        shutil.copytree(generated / edition["folder"], folder / "docs")
        config = dict(base, nav=edition["nav"], extra_css=list(edition["extra_css"]),
                      extra_javascript=list(edition["extra_javascript"]))
        config["theme"] = dict(base["theme"], language=edition["lang"])
        with (folder / "mkdocs.yml").open("w", encoding="utf-8") as stream:
            yaml.dump(config, stream)
        commands.append([*MKDOCS_BUILD, "-f", str(folder / "mkdocs.yml")])
    return commands


def floor_sites(commands: list[list[str]]) -> list[Path]:
    """The site folders the floor's commands write, one per edition."""
    return [Path(command[-1]).parent / "site" for command in commands]


def one_command(commands: list[list[str]]) -> list[str]:
    """Several builds as one command (a two-language floor is two MkDocs builds)."""
    if len(commands) == 1:
        return commands[0]
    return ["sh", "-c", " && ".join(" ".join(f"'{part}'" for part in command) for command in commands)]


def clear(folder: Path) -> None:
    """Cold: no cache (.cache/ holds syllabuild's and mkdocs-jupyter's), no site, no half-built site."""
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    for site in [folder / "site", *folder.glob(".site-building-*")]:
        shutil.rmtree(site, ignore_errors=True)
