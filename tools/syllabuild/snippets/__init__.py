"""Executed, cached, tested code snippets.

Flow: `fences` finds marked blocks in page Markdown (and `markup.file_reference` embeds snippet
files) → `engine` looks each run up in `cache` or sends it to its executor: the `pool` of warm
`forkserver` workers, which preload what the runs import (`preload` plans it, `libraries` does it)
and fork one child per run (`runner`, in the home and write limits of `sandbox`; `capture` keeps
at most `max_output` of what it prints; `gpus` gives a `gpu="N"` run its devices), or a Dask
`cluster` whose workers run the same pool (`cluster_worker`, with a `course_copy` where they do
not see the course's files) → `render` turns results into output blocks and figure assets:
printed text as a terminal shows it (`terminal`), rich HTML (`display`) only where a block opts
in, cleaned by `safe_html`. `service` is what the MkDocs plugin calls; `syllabuild.pytest_plugin`
drives the same engine from pytest.

This package's `__init__` stays import-free on purpose: the warm workers import `runner` from it
and should not pay for MkDocs or rich.
"""

__all__ = ["cache", "capture", "cluster", "cluster_worker", "course_copy", "display", "engine", "fences", "gpus",
           "libraries", "markup", "model", "preload", "render", "safe_html", "sandbox", "service", "terminal"]
