"""The MkDocs adapter: thin event handlers over the pure core."""

from syllabuild.plugin.plugin import SyllabuildPlugin

__all__ = ["SyllabuildPlugin"]
