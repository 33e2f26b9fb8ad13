"""Warnings and failed builds: what the adapter reports, and that a failed build leaves the site alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from zensical_harness import Course, read

from syllabuild.zensical import ZensicalBuildError, build_site

OLD_SITE = {"index.html": "<p>the site students saw yesterday</p>", "he/index.html": "<p>אתמול</p>"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    """A published site, as a previous build left it."""
    site = tmp_path / "public" / "site"
    for name, text in OLD_SITE.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def build(course: Course, site: Path, **options) -> list[str]:
    return build_site(course.tree, course.config, site_dir=site, work_dir=course.root.parent / "work", **options)


def break_a_link(course: Course) -> None:
    with course.page("he", "lectures/02-backprop.md").open("a", encoding="utf-8") as page:
        page.write("\nראו [עמוד שאינו קיים](missing.md).\n")


def assert_untouched(site: Path) -> None:
    assert snapshot(site) == {name: text.encode() for name, text in OLD_SITE.items()}
    assert sorted(path.name for path in site.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_a_broken_link_is_a_warning_at_the_line_it_is_on(course, old_site):
    break_a_link(course)
    warnings = build(course, old_site)
    assert len(warnings) == 1 and re.fullmatch(r"he/lectures/02-backprop\.md:5:\d+: page does not exist", warnings[0])
    assert "התפשטות לאחור" in read(old_site, "he/lectures/02-backprop/")


def test_strict_fails_on_the_broken_link_and_leaves_the_site_untouched(course, old_site):
    break_a_link(course)
    with pytest.raises(ZensicalBuildError) as failure:
        build(course, old_site, strict=True)
    message = str(failure.value)
    assert message.startswith("Zensical could not build the he edition: Aborted because --strict flag is set")
    assert re.search(r"^  he/lectures/02-backprop\.md:5:\d+: page does not exist$", message, re.MULTILINE)
    assert "Traceback" not in message
    assert_untouched(old_site)


def test_a_page_zensical_rejects_fails_the_build_and_leaves_the_site_untouched(course, old_site):
    course.page("he", "schedule.md").write_text("---\ntitle: [unclosed\n---\n# לוח זמנים\n", encoding="utf-8")
    with pytest.raises(ZensicalBuildError, match=r"^Zensical could not build the he edition: error reading page "
                                                 r"metadata 'schedule.md': while parsing a flow sequence"):
        build(course, old_site)
    assert_untouched(old_site)


def test_a_nav_entry_to_a_missing_page_is_a_warning_and_fails_a_strict_build(course, old_site):
    data = json.loads((course.root / "tree.json").read_text(encoding="utf-8"))
    data["editions"][1]["nav"].append({"חסר": "lectures/03-missing.md"})
    (course.root / "tree.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert build(course, old_site) == ["nav: no page lectures/03-missing.md in the he edition"]
    old_site_after_a_good_build = snapshot(old_site)
    with pytest.raises(ZensicalBuildError, match="warnings with --strict\n  nav: no page lectures/03-missing.md"):
        build(course, old_site, strict=True)
    assert snapshot(old_site) == old_site_after_a_good_build


def test_a_rebuild_shows_changed_pages_and_drops_removed_ones(course, old_site):
    build(course, old_site)
    course.page("en", "schedule.md").write_text("# Schedule\n\nWeek 3 moved to Thursday.\n", encoding="utf-8")
    course.page("en", "lectures/02-backprop.md").unlink()
    data = json.loads((course.root / "tree.json").read_text(encoding="utf-8"))
    data["editions"][0]["nav"][1]["Lectures"].pop()
    (course.root / "tree.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(course, old_site)
    assert "Week 3 moved to Thursday." in read(old_site, "schedule/")
    assert not (old_site / "lectures" / "02-backprop").exists()
    assert (old_site / "he" / "lectures" / "02-backprop" / "index.html").is_file()


def test_a_check_before_the_swap_sees_the_whole_new_site_and_can_stop_it(course, old_site):
    seen = []

    def check(staging: Path) -> None:
        seen.append(sorted(str(path.relative_to(staging)) for path in staging.rglob("index.html")))
        raise ZensicalBuildError("2 broken links")

    with pytest.raises(ZensicalBuildError, match="2 broken links"):
        build(course, old_site, before_swap=check)
    assert "he/lectures/01-intro/index.html" in seen[0] and "lectures/01-intro/index.html" in seen[0]
    assert_untouched(old_site)


def test_a_work_dir_inside_the_site_is_refused(course, tmp_path):
    with pytest.raises(ValueError, match="work_dir .* is inside site_dir"):
        build_site(course.tree, course.config, site_dir=tmp_path, work_dir=tmp_path / "work")
