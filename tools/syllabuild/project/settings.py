"""syllabuild's settings, under `plugins: - syllabuild:` in mkdocs.yml: one frozen model per section.

Attribute docstrings are the documentation of each option. Booleans and integers are strict
(`"yes"` is not a boolean, `"4"` not a number), as MkDocs' own `config_options.Type` is.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator, model_validator

from syllabuild.sizes import MIN_OUTPUT, SizeError, parse_size

__all__ = ["DEFAULT_CLIENT_SIDE_ANCHORS", "DEFAULT_EXCLUDE", "SCHEDULER_ENV", "I18nSettings", "LinkSettings", "Settings",
           "SnippetSettings", "scheduler_problem"]

_Seconds = Annotated[float, Field(strict=True, gt=0)]
_Count = Annotated[StrictInt, Field(ge=0)]
_MODULE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$", re.ASCII)
_SCHEDULER = re.compile(r"^tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$", re.ASCII)
SCHEDULER_ENV = "SYLLABUILD_DASK_SCHEDULER"
"""Environment variable with a dask scheduler's address: runs snippets there, whatever mkdocs.yml says."""


def scheduler_problem(address: str) -> str:
    """'' for an address like `tcp://HOST:PORT`, else the 'expected …, got …' message."""
    match = _SCHEDULER.match(address)
    if match and 0 < int(match.group(2)) < 65536:
        return ""
    return f"expected a dask scheduler address like tcp://HOST:PORT, got {json.dumps(address)}"

# Addresses in teaching material that are instructions, not links ("open http://localhost:8888").
DEFAULT_EXCLUDE = (
    r"^https?://(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])([:/?#]|$)",
    r"^https?://([^/]+\.)?example\.(com|org|net)([:/?#]|$)",
)


class _Section(BaseModel):
    # The attribute docstrings document the settings in the source; nothing reads them at run
    # time, so pydantic is not asked to (`use_attribute_docstrings` reads every class's source at
    # each import: about 20 ms of every build).
    model_config = ConfigDict(frozen=True, extra="forbid")


class SnippetSettings(_Section):
    """`snippets:` — the engine that runs code blocks, snippet files and notebooks."""

    execute: StrictBool = True
    """Run snippets and notebooks at build time; off gives source-only pages."""
    timeout: _Seconds = 30
    """Default time limit of one snippet, in seconds (per block: `timeout="60"`)."""
    memory: str = "2GiB"
    """Default memory limit of one snippet, like `2GiB` or `512MiB` (per block: `memory="4GiB"`)."""
    workers: _Count = 0
    """Warm worker processes; 0 picks one per core. Workers × torch threads never exceed the cores."""
    figures: Literal["svg", "png"] = "svg"
    """Default format of captured matplotlib figures (per block: `figures="png"`)."""
    max_output: str = "100KiB"
    """Most of a snippet's stdout, and of its stderr, that a page shows, like `100KiB` or `1MiB`
    (per block: `max_output="1MiB"`); longer output keeps its start and end and says how much was cut."""
    seed: StrictInt = 0
    """Seed of `random`, numpy and torch before every snippet."""
    progress: StrictBool = True
    """Show a progress bar while snippets run."""
    preload: Literal["auto"] | tuple[str, ...] = "auto"
    """Modules the warm workers import once, before forking a process per run: `auto` (the
    installed modules that this build's runs import; never the course's own modules), or a list
    like `[torch, matplotlib.pyplot]` (`[]`: none). Torch's and matplotlib's costly first use is
    also rehearsed once when more runs use them than there are workers."""
    executor: Literal["local", "dask"] = "local"
    """Where snippets and notebooks run: `local` (this machine's warm workers) or `dask` (the Dask
    distributed cluster at `scheduler`). $SYLLABUILD_DASK_SCHEDULER=tcp://HOST:PORT picks dask at
    that address whatever this says."""
    scheduler: str | None = None
    """The dask scheduler's address, like `tcp://10.0.0.5:8786` (for `executor: dask`)."""

    @field_validator("scheduler")
    @classmethod
    def _scheduler(cls, value: str | None) -> str | None:
        if value is not None and scheduler_problem(value):
            raise ValueError(scheduler_problem(value))
        return value

    @model_validator(mode="after")
    def _dask_needs_a_scheduler(self):
        if self.executor == "dask" and self.scheduler is None:
            raise ValueError("expected a scheduler address like tcp://HOST:PORT for executor: dask, got none "
                             "($SYLLABUILD_DASK_SCHEDULER alone also runs them on a cluster)")
        return self

    @field_validator("preload", mode="before")
    @classmethod
    def _modules(cls, value):
        if value == "auto":
            return value
        for name in value if isinstance(value, (list, tuple)) else [value]:
            if not (isinstance(name, str) and _MODULE.match(name)) or not isinstance(value, (list, tuple)):
                got = json.dumps(name) if isinstance(name, str) else repr(name)
                raise ValueError(f"expected auto or a list of module names like [torch, matplotlib.pyplot], got {got}")
        return tuple(value)

    @field_validator("memory")
    @classmethod
    def _size(cls, value: str) -> str:
        return _size_text(value)

    @field_validator("max_output")
    @classmethod
    def _output_limit(cls, value: str) -> str:
        return _size_text(value, MIN_OUTPUT)


# Pages that make some of their anchors with scripts, so that the HTML a checker fetches lacks
# them: GitHub's and GitLab's code and Markdown views render line anchors (#L10, #L10-L20,
# #L10C5-L12C3, GitLab's #L10-20) and heading anchors (#setup, shown as id="user-content-setup")
# in the browser. URL regular expression -> fragment regular expressions.
_LINE_ANCHOR = r"^L\d+(C\d+)?(-L?\d+(C\d+)?)?$"
_HEADING_ANCHOR = r"^[\w-]+$"
DEFAULT_CLIENT_SIDE_ANCHORS: dict[str, list[str]] = {
    r"^https://(gist\.)?github\.com/": [_LINE_ANCHOR, _HEADING_ANCHOR],
    r"^https://gitlab\.com/": [_LINE_ANCHOR, _HEADING_ANCHOR],
}


class LinkSettings(_Section):
    """`links:` — the link checker."""

    enabled: StrictBool = True
    """Check links at all."""
    offline: StrictBool | None = None
    """Check internal links only. Unset: offline in builds and `serve`, online in `syllabuild check` and `links`."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    """Regular expressions; a URL matching any of them is not checked. Giving a list replaces the defaults."""
    accept: dict[str, list[StrictInt] | StrictInt] = {}
    """Regular expression -> list of HTTP statuses that count as fine for matching URLs."""
    connect_timeout: _Seconds = 10
    """Seconds to wait for a connection."""
    timeout: _Seconds = 30
    """Seconds for a whole answer: headers, and an HTML page's body (up to `max_page_size`); a page
    that cannot be read in time is broken whatever its status. A file's body is never downloaded."""
    concurrency: Annotated[StrictInt, Field(ge=1)] = 128
    """Requests in flight at once, all hosts together (lychee's default too). A course links to many
    hosts; `per_host` keeps what any one server gets small, so this only bounds the sockets open."""
    per_host: Annotated[StrictInt, Field(ge=1)] = 4
    """Requests in flight at once to one host."""
    host_interval: Annotated[float, Field(strict=True, ge=0)] = 0
    """Seconds between the starts of two requests to the same host (pacing)."""
    retries: _Count = 2
    """Extra attempts after a 5xx answer or a dropped connection, with exponential backoff."""
    retry_after_budget: Annotated[float, Field(strict=True, ge=0)] = 60
    """Most seconds spent waiting on `Retry-After` for one URL before it is unverifiable."""
    max_redirects: _Count = 10
    """Redirect hops followed before the link counts as broken."""
    cache_ttl: _Count = 86400
    """Seconds a success is trusted (jittered down by up to a quarter); failures are never cached."""
    unverifiable_fails: StrictBool = False
    """Fail the run when a host's answer says nothing about the link (bot walls, rate limits)."""
    check_fragments: StrictBool = True
    """Look `#fragment` targets up in external HTML pages (the page's one GET, shared by all its
    anchors); off, the page is still got and read, but a link with a fragment is judged like one without."""
    client_side_anchors: dict[str, list[str] | str] = DEFAULT_CLIENT_SIDE_ANCHORS
    """Regular expression on the URL -> regular expression(s) on the fragment: anchors those pages
    make with scripts. Such an anchor missing from the HTML is unverifiable, not broken, as on a
    page that is a script-rendered app shell. Giving a mapping replaces the defaults (GitHub, GitLab)."""
    max_page_size: str = "5MiB"
    """Most of an HTML page read (to find anchors, and to know it arrives), like `5MiB`; an anchor
    not in that part of a bigger page is unverifiable."""

    @field_validator("exclude")
    @classmethod
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            _compile(pattern)
        return patterns

    @field_validator("client_side_anchors")
    @classmethod
    def _anchor_patterns(cls, rules: dict) -> dict:
        for pattern, fragments in rules.items():
            _compile(pattern)
            for fragment in fragments if isinstance(fragments, list) else [fragments]:
                _compile(fragment)
        return rules

    @field_validator("max_page_size")
    @classmethod
    def _page_size(cls, value: str) -> str:
        return _size_text(value)

    @field_validator("accept")
    @classmethod
    def _statuses(cls, accept: dict) -> dict:
        for pattern, codes in accept.items():
            _compile(pattern)
            if not all(100 <= code <= 999 for code in (codes if isinstance(codes, list) else [codes])):
                raise ValueError(f"expected HTTP statuses (100–999) for {pattern!r}, got {codes!r}")
        return accept


def _size_text(value: str, minimum: int = 0) -> str:
    """`value` unchanged if it is a size like `512MiB` (at least `minimum`), else the reason why not."""
    try:
        parse_size(value, minimum)
    except SizeError as error:
        raise ValueError(str(error)) from None
    return value


def _compile(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"expected a regular expression, got {pattern!r} ({error})") from None


class I18nSettings(_Section):
    """`i18n:` — the site's languages."""

    untranslated: Literal["warn", "error", "ignore"] = "warn"
    """What a per-language text that lacks one of the site languages does to the build:
    `warn` logs it (so `--strict` fails), `error` stops the build, `ignore` stays quiet.
    A plain string is the same text in every language and is never reported."""


class Settings(_Section):
    """Everything under `plugins: - syllabuild:`; paths are relative to mkdocs.yml."""

    syllabus: str = "syllabus.yaml"
    """Path of the syllabus."""
    lectures_dir: str = "lectures"
    """Folder of lecture notes (Markdown) and notebooks."""
    snippets_dir: str = "snippets"
    """Folder of snippet files."""
    cache_dir: str = ".cache/syllabuild"
    """Cache folder (snippet results, link results, the generated tree)."""
    now: str | None = None
    """Build the site as of this moment (release dates), e.g. 2024-03-01T12:00 in the course time zone.
    `syllabuild build --now` and $SYLLABUILD_NOW take precedence; unset: the real time."""
    snippets: SnippetSettings = SnippetSettings()
    links: LinkSettings = LinkSettings()
    i18n: I18nSettings = I18nSettings()
