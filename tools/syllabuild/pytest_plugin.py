"""pytest plugin: collects snippets as tests (filled in by the snippet engine)."""
