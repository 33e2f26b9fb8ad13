"""Executed, cached, tested code snippets.

Flow: `fences` finds marked blocks in page Markdown (and `markup.file_reference` embeds snippet
files) → `engine` looks each run up in `cache` or sends it to the `pool` of warm `forkserver`
workers, which preload what the runs import (`preload` plans it, `libraries` does it) and fork
one child per run (`runner`, in the home and write limits of `sandbox`; `capture` keeps at most
`max_output` of what it prints) → `render` turns results into output blocks and figure assets:
printed text as a terminal shows it (`terminal`), rich HTML (`display`) only where a block opts
in, cleaned by `safe_html`. `service` is what the MkDocs plugin calls; `syllabuild.pytest_plugin`
drives the same engine from pytest.

This package's `__init__` stays import-free on purpose: the warm workers import `runner` from it
and should not pay for MkDocs or rich.
"""

__all__ = ["cache", "capture", "display", "engine", "fences", "libraries", "markup", "model", "preload", "render",
           "safe_html", "sandbox", "service", "terminal"]
