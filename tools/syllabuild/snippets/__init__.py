"""Executed, cached, tested code snippets.

Flow: `fences` finds marked blocks in page Markdown (and `markup.file_reference` embeds snippet
files) → `engine` looks each run up in `cache` or sends it to the `pool` of warm `forkserver`
workers, which fork one child per run (`runner`) → `render` turns results into Material tabs and
figure assets. `service` is what the MkDocs plugin calls; `syllabuild.pytest_plugin` drives the
same engine from pytest.

This package's `__init__` stays import-free on purpose: the warm workers import `runner` from it
and should not pay for MkDocs or rich.
"""

__all__ = ["cache", "engine", "fences", "markup", "model", "render", "service"]
