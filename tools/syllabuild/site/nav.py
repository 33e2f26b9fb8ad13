"""The course's navigation: generated pages in course order, a long list of lectures in groups (pure).

A student looks for this week's lecture, not for one link among hundreds: past
`LECTURES_IN_ONE_LIST` lectures, the lecture section lists them by week (when the course meets
at least twice a week on average and every lecture has a date) or ten at a time
(`Lectures 11–20`, `Days 11–20`, in groups of a hundred past a hundred). With a nav that long,
the builders are also told to render into each page only the open section's entries
(`navigation.prune`, see `prunes`), so a page carries its group's links and one link per other
group at each level, not the whole course: about the same few dozen links at 100 lectures as
at 900, which keeps the build linear in the pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from syllabuild.i18n.messages import Messages, messages_for
from syllabuild.pages import GeneratedPage
from syllabuild.pages.site import lecture_path
from syllabuild.pages.units import unit_message
from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus.model import Syllabus

__all__ = ["LECTURES_IN_ONE_LIST", "PRUNE", "PRUNED_NAV_PAGES", "course_nav", "lecture_groups", "nav_pages", "prunes"]

LECTURES_IN_ONE_LIST = 20
"""Most lectures the nav lists in one flat list. A term of one lecture a week (13–15) stays flat;
past about 20 entries Material's sidebar no longer fits a laptop screen, and groups (a week, ten
lectures) are what a student scans instead."""
_PER_GROUP = 10
"""Lectures per group when the course is not grouped by week."""
PRUNED_NAV_PAGES = 100
"""A nav listing more pages than this is pruned: each page carries only the open section's
entries. Smaller navs keep every entry, so a closed section still opens in place; Material's own
advice is pruning for sites of 100 pages and more, where the nav is most of every page's HTML."""
PRUNE = "navigation.prune"
"""The theme feature (Material for MkDocs, Zensical) that renders only the open section's entries."""
_EXPAND = "navigation.expand"
"""Material: sections open by default; pruning is not compatible with it."""


def course_nav(generated: Iterable[GeneratedPage], hand_written: Iterable[str],
               groups: dict[str, tuple[str, ...]] | None = None) -> list:
    """Generated pages in course order, then hand-written pages in file order.

    Args:
        generated: the edition's generated pages, in nav order.
        hand_written: paths of hand-written pages (they follow, sorted).
        groups: page path -> the groups it is listed under inside its section, outermost first
            (`lecture_groups`); consecutive pages of one group share it.
    """
    groups = groups or {}
    nav: list = []
    sections: dict[str, list] = {}
    for page in generated:
        if page.section is None:
            nav.append({page.title: page.path})
            continue
        if page.section not in sections:
            sections[page.section] = []
            nav.append({page.section: sections[page.section]})
        items = sections[page.section]
        for group in groups.get(page.path, ()):
            last = items[-1] if items else None
            if not (isinstance(last, dict) and isinstance(last.get(group), list)):
                last = {group: []}
                items.append(last)
            items = last[group]
        items.append(page.path if page.path.endswith("index.md") else {page.title: page.path})
    nav.extend(sorted(hand_written))
    return nav


def lecture_groups(syllabus: Syllabus, lang: str) -> dict[str, tuple[str, ...]]:
    """Lecture page path -> the titles of the nav groups it is in, in `lang`; empty for a short course.

    By week when every lecture has a date and the course meets two or more times a week on
    average, over at most `LECTURES_IN_ONE_LIST` weeks (a dropped lecture without a date stays
    with the one before it). Otherwise ten at a time, named by the course's unit and the numbers
    of the first and last (`Lectures 21–30`, `Day 31`); past ten such groups, they are grouped
    by ten in turn (`Lectures 101–200`), so no level of the nav lists more than ten groups.
    """
    calendar = CourseCalendar.from_syllabus(syllabus)
    built = [entry for entry in calendar.lectures if entry.lecture.status != "draft"]
    if len(built) <= LECTURES_IN_ONE_LIST:
        return {}
    words = messages_for(lang)
    default = syllabus.course.languages[0]
    unit = syllabus.course.unit
    paths = [lecture_path(entry.lecture, default) for entry in built]
    held = [entry for entry in built if entry.lecture.status != "dropped" or entry.week is not None]
    weeks = {entry.week for entry in held}
    if (held and unit != "week" and None not in weeks and len(held) >= 2 * len(weeks)
            and len(weeks) <= LECTURES_IN_ONE_LIST):
        week = held[0].week
        found: dict[str, tuple[str, ...]] = {}
        for path, entry in zip(paths, built):
            week = entry.week if entry.week is not None else week
            found[path] = (words("Week {number}", number=week),)
        return found
    numbers = [entry.lecture.number for entry in built]
    found = {path: () for path in paths}
    size = _PER_GROUP
    while len(built) > size:
        for start in range(0, len(built), size):
            title = _range_title(words, unit, numbers[start], numbers[min(start + size, len(built)) - 1])
            for path in paths[start : start + size]:
                found[path] = (title, *found[path])
        if len(built) <= size * _PER_GROUP:
            break
        size *= _PER_GROUP
    return found


def _range_title(words: Messages, unit: str, first: int, last: int) -> str:
    if first == last:
        return words(unit_message(unit, "Lecture {number}"), number=first)
    # The unit's plural and a range of numbers read the same way in every catalogue's language
    # (Lectures 1–10, הרצאות 1–10): no message of its own is needed.
    return f"{words(unit_message(unit, 'Lectures'))} {first}–{last}"


def nav_pages(nav: Iterable) -> int:
    """How many entries of a nav (as mkdocs.yml writes it) are pages or links."""
    count = 0
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            count += nav_pages(value) if isinstance(value, list) else 1
    return count


def prunes(nav: Iterable, features: Iterable[str]) -> bool:
    """Whether the theme should render only the open section's nav entries into each page.

    Args:
        nav: an edition's nav.
        features: the theme's features as mkdocs.yml lists them (`navigation.expand` rules it out).
    """
    features = set(features)
    return PRUNE not in features and _EXPAND not in features and nav_pages(nav) > PRUNED_NAV_PAGES
