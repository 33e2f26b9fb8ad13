"""The Zensical adapter: builds and serves the generated tree with Zensical instead of MkDocs.

Zensical builds one language per run, so every edition is built on its own from a config
derived from mkdocs.yml (`config`), by the `zensical` program (`run`), and the outputs are
assembled into one site (`build`); `serve` rebuilds on changes and reloads the browser.
"""

from __future__ import annotations

from syllabuild.zensical.build import ZensicalBuildError, build_site
from syllabuild.zensical.serve import serve

__all__ = ["ZensicalBuildError", "build_site", "serve"]
