"""Course pages as Markdown, generated from the syllabus model (pure; no MkDocs needed)."""

from syllabuild.pages.site import GeneratedPage, SiteContext, lecture_path, render_site

__all__ = ["GeneratedPage", "SiteContext", "lecture_path", "render_site"]
