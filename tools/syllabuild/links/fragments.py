"""The `#fragment`s of an external page: there, missing, or beyond what its HTML can tell.

A page is fetched once, whatever number of its anchors the course links to. An anchor missing
from the HTML is broken, unless a browser could still find it: the host makes such anchors with
scripts (`links.client_side_anchors`: GitHub, GitLab), the page is an app shell that scripts
fill in, or the page is bigger than the part that was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from syllabuild.links.anchors import PageAnchors, page_anchors
from syllabuild.links.model import CheckSettings, LinkResult, Verdict
from syllabuild.links.verdicts import Answer
from syllabuild.sizes import format_size

__all__ = ["fragment_results", "wanted_fragments"]

_TEXT_DIRECTIVE = ":~:"
"""`#:~:text=…` (and `#id:~:text=…`): text fragments, which name no element."""


def wanted_fragments(fragments: Iterable[str], settings: CheckSettings) -> set[str]:
    """The fragments of one page to look for in its HTML; empty when none needs the page."""
    if not settings.check_fragments:
        return set()
    return {fragment for fragment in fragments if _element_name(fragment)}


def fragment_results(
    base: str, fragments: Iterable[str], page: LinkResult, answer: Answer | None, settings: CheckSettings
) -> dict[str, LinkResult]:
    """One result per link to `base`: the page's own for the bare URL, an anchor's for each fragment.

    Args:
        base: the page's URL, without fragment.
        fragments: the fragments linked to, `""` for the bare URL.
        page: the verdict on the page itself.
        answer: the page's final answer, with as much of the body as was read; None when the
            request failed.
        settings: `check_fragments`, `client_side_anchors` and `page_bytes`.
    """
    wanted = wanted_fragments(fragments, settings)
    anchors = None
    if wanted and answer is not None and page.verdict is Verdict.OK and _is_html(answer):
        anchors = page_anchors(answer.body.decode("utf-8", "replace"))
    results = {}
    for fragment in fragments:
        url = f"{base}#{fragment}" if fragment else base
        if anchors is None or fragment not in wanted:
            # Not HTML (a PDF's #page=3, a video's #t=30) or not asked for: the page's verdict.
            results[url] = LinkResult(url, page.verdict, page.reason, page.status, page.final_url)
        else:
            results[url] = _anchor_result(url, fragment, page, anchors, answer, settings)
    return results


def _anchor_result(
    url: str, fragment: str, page: LinkResult, anchors: PageAnchors, answer: Answer, settings: CheckSettings
) -> LinkResult:
    name = _element_name(fragment)
    # A browser tries the fragment as written, then percent-decoded. GitHub, GitLab and Gitea
    # prefix heading ids with `user-content-` and scroll to them with a script.
    names = {name, unquote(name)}
    if any(n in anchors.ids or f"user-content-{n}" in anchors.ids for n in names):
        return LinkResult(url, Verdict.OK, page.reason, page.status, page.final_url)
    pages = {url.partition("#")[0], page.final_url or ""} - {""}
    if any(settings.anchors_made_by_scripts(where, n) for where in pages for n in names):
        host = urlsplit(page.final_url or url).hostname
        reason = (
            f"no anchor #{fragment} in the HTML; {host} makes such anchors with scripts "
            "(links.client_side_anchors), so only a browser can tell"
        )
    elif answer.truncated:
        size = format_size(settings.page_bytes)
        reason = f"no anchor #{fragment} in the first {size} of the page, which is bigger (links.max_page_size)"
    elif anchors.app_shell:
        reason = f"no anchor #{fragment} in the HTML; the page is an app shell that scripts fill in, so only a browser can tell"
    else:
        return LinkResult(url, Verdict.BROKEN, f"no anchor #{fragment} on the page", page.status, page.final_url)
    return LinkResult(url, Verdict.UNVERIFIABLE, reason, page.status, page.final_url)


def _element_name(fragment: str) -> str:
    return fragment.split(_TEXT_DIRECTIVE, 1)[0]


def _is_html(answer: Answer) -> bool:
    return "html" in answer.headers.get("content-type", "")
