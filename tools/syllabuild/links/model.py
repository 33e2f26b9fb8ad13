"""Values passed between the stages of a link check: where a link is, what became of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from syllabuild.project.settings import DEFAULT_CLIENT_SIDE_ANCHORS
from syllabuild.sizes import parse_size


class Verdict(StrEnum):
    OK = "ok"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    """The answer says nothing about the link: a bot wall, a challenge page, a rate limit, an
    anchor that only the page's scripts would make."""


@dataclass(frozen=True, order=True)
class Location:
    """Where a student meets a link, as staff would open it in an editor."""

    path: str
    """File path relative to the project (the folder of mkdocs.yml)."""
    line: int
    """1-based line in that file."""
    column: int = 0
    """1-based column, 0 when unknown."""
    where: str = ""
    """Key path in the syllabus (`lectures[4].recordings[0]`) or notebook cell (`cell 3`)."""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}"
        if self.column:
            text += f":{self.column}"
        return f"{text}: {self.where}" if self.where else text


@dataclass(frozen=True)
class Link:
    """One occurrence of a link target at one location."""

    url: str
    location: Location


@dataclass(frozen=True)
class LinkResult:
    """What checking one URL found; shared by every occurrence of that URL."""

    url: str
    verdict: Verdict
    reason: str = ""
    """Human explanation, e.g. `404 Not Found` or `redirect loop via /a -> /b -> /a`."""
    status: int | None = None
    """Final HTTP status, when there was one."""
    final_url: str | None = None
    """Where redirects ended, when they did."""
    cached: bool = False


@dataclass(frozen=True)
class Finding:
    """A link that is not fine, at the place to fix it."""

    link: Link
    result: LinkResult


@dataclass(frozen=True)
class LinkReport:
    """Everything one run found. `findings` holds only broken and unverifiable links."""

    findings: tuple[Finding, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    """Unique URLs (external) and internal targets per verdict, plus `excluded`."""
    occurrences: int = 0
    """Links seen in all sources, duplicates included."""
    offline: bool = False
    unverifiable_fails: bool = False
    problems: tuple[str, ...] = ()
    """Reasons the check could not run (unreadable syllabus, missing site); exit code 2."""

    @property
    def broken(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.result.verdict is Verdict.BROKEN)

    @property
    def unverifiable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.result.verdict is Verdict.UNVERIFIABLE)

    @property
    def exit_code(self) -> int:
        """0 all good, 1 broken links (or unverifiable ones when they fail), 2 could not run."""
        if self.problems:
            return 2
        if self.broken or (self.unverifiable_fails and self.unverifiable):
            return 1
        return 0


@dataclass(frozen=True)
class CheckSettings:
    """The checker's settings, free of MkDocs; built from `LinkSettings` by `settings_from_config`."""

    exclude: tuple[str, ...] = ()
    accept: tuple[tuple[str, tuple[int, ...]], ...] = ()
    connect_timeout: float = 10.0
    timeout: float = 30.0
    concurrency: int = 128
    per_host: int = 4
    host_interval: float = 0.0
    retries: int = 2
    retry_wait: float = 1.0
    """Backoff base in seconds: waits are retry_wait, 2*retry_wait, 4*retry_wait..."""
    retry_after_budget: float = 60.0
    max_redirects: int = 10
    cache_ttl: int = 86400
    cache_dir: Path | None = None
    """Where results are kept between runs; None keeps nothing."""
    unverifiable_fails: bool = False
    check_fragments: bool = True
    client_side_anchors: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        (pattern, tuple(fragments)) for pattern, fragments in DEFAULT_CLIENT_SIDE_ANCHORS.items()
    )
    """(URL pattern, fragment patterns): anchors that those pages make with scripts."""
    page_bytes: int = 5 * 1024 * 1024
    """Most bytes of an HTML page read to find its anchors."""
    user_agent: str = "syllabuild-linkcheck/0.1 (+course site link checker)"

    def is_excluded(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.exclude)

    def anchors_made_by_scripts(self, url: str, fragment: str) -> bool:
        """Whether `url` is a page whose scripts make anchors like `fragment` (`client_side_anchors`)."""
        return any(
            re.search(pattern, url) and any(re.search(anchor, fragment) for anchor in anchors)
            for pattern, anchors in self.client_side_anchors
        )

    def accepted_statuses(self, url: str) -> frozenset[int]:
        statuses: set[int] = set()
        for pattern, codes in self.accept:
            if re.search(pattern, url):
                statuses.update(codes)
        return frozenset(statuses)


def settings_from_config(config, *, cache_dir: Path | None) -> CheckSettings:
    """Turn the `links:` section of mkdocs.yml (`syllabuild.project.LinkSettings`) into `CheckSettings`."""
    return CheckSettings(
        exclude=tuple(config.exclude),
        accept=tuple(
            (pattern, tuple(codes) if isinstance(codes, list) else (codes,)) for pattern, codes in config.accept.items()
        ),
        connect_timeout=float(config.connect_timeout),
        timeout=float(config.timeout),
        concurrency=config.concurrency,
        per_host=config.per_host,
        host_interval=float(config.host_interval),
        retries=config.retries,
        retry_after_budget=float(config.retry_after_budget),
        max_redirects=config.max_redirects,
        cache_ttl=config.cache_ttl,
        cache_dir=cache_dir,
        unverifiable_fails=config.unverifiable_fails,
        check_fragments=config.check_fragments,
        client_side_anchors=tuple(
            (pattern, tuple(anchors) if isinstance(anchors, list) else (anchors,))
            for pattern, anchors in config.client_side_anchors.items()
        ),
        page_bytes=parse_size(config.max_page_size),
    )
