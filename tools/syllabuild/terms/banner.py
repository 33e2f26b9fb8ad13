"""The banner every archived page carries: "Archived: <term>. See the current course".

It is the first thing in the page's `<body>`, above the builder's header, in the page's language
and direction: a labelled `<aside>` (a landmark a screen reader lists), dark text on amber and an
underlined link (contrast above 10:1). The page is never changed again, but the current site is
rebuilt every term: so the link leads to the current site's home, and a few lines of script read
the list of current pages that every build writes (`archive/current-pages.json`) and point it at
the same page, or the same language's home, where the current site has one. Without script the
link still leads home.
"""

from __future__ import annotations

import re
from html import escape

from syllabuild.i18n.messages import messages_for
from syllabuild.project.archive import ARCHIVE_FOLDER, CURRENT_PAGES, page_url

__all__ = ["BANNER_CLASS", "with_banner"]

BANNER_CLASS = "sb-archived"

_STYLE = (
    f"<style>.{BANNER_CLASS}{{background:#fff4ce;color:#1f1f1f;border-bottom:3px solid #8a6100;"
    "padding:.75em 1em;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif}"
    f".{BANNER_CLASS} p{{margin:0 auto;max-width:76em}}"
    f".{BANNER_CLASS} a{{color:#00307a;font-weight:600;text-decoration:underline}}"
    f".{BANNER_CLASS} a:focus-visible{{outline:3px solid #00307a;outline-offset:2px}}</style>"
)

# The current site is rebuilt every term: ask it which pages it has now. No answer (a copy of
# the archive on its own): the link stays on the current home.
_SCRIPT = (
    "<script>(function(){var box=document.currentScript.parentNode,link=box.querySelector('a'),"
    "home=box.getAttribute('data-sb-home'),page=box.getAttribute('data-sb-page'),"
    "edition=box.getAttribute('data-sb-edition');"
    f"fetch(home+'{ARCHIVE_FOLDER}/{CURRENT_PAGES}')"
    ".then(function(r){return r.ok?r.json():null}).then(function(data){"
    "if(!data||!Array.isArray(data.pages))return;"
    "var target=data.pages.indexOf(page)>=0?page:(edition&&data.pages.indexOf(edition)>=0?edition:null);"
    "if(target!==null)link.href=home+target;}).catch(function(){});})();</script>"
)

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def with_banner(html: str, *, path: str, lang: str, label: str, languages: tuple[str, ...],
                directory_urls: bool = True) -> str:
    """`html` with the archived-term banner at the top of its body (unchanged if it has no body).

    Args:
        html: a page of the built site.
        path: the page's file in the site, relative to its root (`he/schedule/index.html`); the
            archived site will sit two folders down (`archive/<slug>/`) in the current one.
        lang: the page's language.
        label: the term's name in that language.
        languages: the site's languages, the default first (the others under `<lang>/`).
        directory_urls: MkDocs `use_directory_urls` (the home is `index.html` when false).
    """
    body = _BODY.search(html)
    if body is None or f'class="{BANNER_CLASS}"' in html:
        return html
    words = messages_for(lang)
    home = "../" * (path.count("/") + 2)
    edition = f"{lang}/" if lang in languages[1:] else ""
    banner = (
        f'<aside class="{BANNER_CLASS}" aria-label="{escape(words("Archived term"))}" lang="{escape(lang)}" '
        f'dir="{words.direction}" data-sb-home="{home}" data-sb-page="{escape(page_url(path))}" '
        f'data-sb-edition="{edition}"><p><strong>{escape(words("Archived: {term}.", term=label))}</strong> '
        f'{escape(words("This is the course site as it was that term, kept for reference and never changed."))} '
        f'<a href="{home}{"" if directory_urls else "index.html"}">{escape(words("See the current course"))}</a></p>'
        f"{_SCRIPT}</aside>"
    )
    html = html[: body.end()] + banner + html[body.end():]
    head = _HEAD_END.search(html, 0, body.start())
    return html[: head.start()] + _STYLE + html[head.start():] if head else html
