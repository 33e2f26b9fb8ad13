"""One icon per kind of reading and link; the legend is rendered from this table."""

from __future__ import annotations

READING_TYPES: dict[str, tuple[str, str]] = {
    # type: (Material icon shortcode, label)
    "book": ("material-book-open-variant", "Book"),
    "paper": ("material-file-document-outline", "Paper"),
    "article": ("material-newspaper-variant-outline", "Article"),
    "video": ("material-video-outline", "Video"),
    "interactive": ("material-gesture-tap", "Interactive visualization"),
    "visualization": ("material-chart-bell-curve", "Static visualization"),
    "code": ("material-code-braces", "Code"),
    "course": ("material-school-outline", "Course"),
    "talk": ("material-microphone-outline", "Talk"),
    "slides": ("material-presentation", "Slides"),
    "notes": ("material-note-text-outline", "Notes"),
}

LINK_KINDS: dict[str, str] = {
    "lms": "material-school",
    "forum": "material-forum-outline",
    "repository": "material-source-repository",
    "course-plan": "material-file-pdf-box",
    "website": "material-web",
    "other": "material-link-variant",
}


def reading_icon(kind: str | None) -> str:
    """Icon shortcode with a tooltip naming the kind (readers without the icon still get the word)."""
    if kind is None:
        return ":material-link-variant:"
    shortcode, label = READING_TYPES[kind]
    return f':{shortcode}:{{ title="{label}" }}'


def link_icon(kind: str) -> str:
    return f":{LINK_KINDS.get(kind, LINK_KINDS['other'])}:"
