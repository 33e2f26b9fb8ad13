"""Link checking for syllabus, pages and built HTML.

`check_project` is the entry point for the CLI, `syllabuild check` and the plugin; `check_links`
is the same check without MkDocs settings, and `render` writes its report.
"""

from syllabuild.links.model import CheckSettings, Finding, Link, LinkReport, LinkResult, Location, Verdict
from syllabuild.links.project import LinkSources, check_links, check_project
from syllabuild.links.report import FORMATS, finding_lines, render, summary

__all__ = [
    "FORMATS",
    "CheckSettings",
    "Finding",
    "Link",
    "LinkReport",
    "LinkResult",
    "LinkSources",
    "Location",
    "Verdict",
    "check_links",
    "check_project",
    "finding_lines",
    "render",
    "summary",
]
