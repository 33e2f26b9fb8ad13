"""Course pages as Markdown, generated from the syllabus model (pure; no MkDocs needed)."""

from syllabuild.pages.site import GeneratedPage, SiteContext, keep_compiled_templates, lecture_path, render_site

__all__ = ["GeneratedPage", "SiteContext", "keep_compiled_templates", "lecture_path", "render_site"]
