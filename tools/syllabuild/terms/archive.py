"""`syllabuild term archive`: freeze this term's built site into `archive/<term>/`, never to change.

The term is built strictly, everything executed, as it is published (both languages, calendar,
assets, notebooks and their downloads), told that it will live at `archive/<term>/` of the site
(its canonical links, sitemap and calendar say so; every other link is relative). Each page then
gets the archived-term banner (`terms.banner`), and the whole folder, its manifest written last,
appears at once by one rename: an archive that fails or is interrupted leaves nothing behind.
From then on every build checks the folder against the manifest and publishes it unchanged
(`project.archive`, `site.archive`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from syllabuild import __version__
from syllabuild.atomic import replace_text, staging_folder
from syllabuild.commands import open_project
from syllabuild.commands.builders import adapter, add_builder_option
from syllabuild.commands.validate import print_problems
from syllabuild.console import plural, setup_logging
from syllabuild.links.model import Finding, Verdict
from syllabuild.links.site_links import read_site
from syllabuild.links.source_lines import PageSource, relocate
from syllabuild.pages.text import localize
from syllabuild.project import Project
from syllabuild.project.archive import ARCHIVE_FOLDER, MANIFEST, SLUG, ArchivedTerm, file_hashes, manifest_text, read_archive
from syllabuild.site.editions import split_language
from syllabuild.site.pipeline import CourseBuild, CourseError, CoursePlan, plan_course
from syllabuild.terms.banner import with_banner

__all__ = ["ArchiveRefused", "add_archive_arguments", "archive_command", "archive_term"]

log = logging.getLogger("mkdocs.plugins.syllabuild")

GIT_ATTRIBUTES = "* -text\n"
"""`archive/.gitattributes`: git never converts line endings there (a Windows checkout would
otherwise change every page's bytes, and its hash)."""


class ArchiveRefused(Exception):
    """The term cannot be archived; the message says why and what to do."""


def add_archive_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `syllabuild term archive`."""
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path of mkdocs.yml (default: %(default)s)")
    parser.add_argument("--slug", default=None, metavar="NAME",
                        help="the term's folder under archive/ (default: from course.term, e.g. winter-2024)")
    parser.add_argument("--now", default=None, metavar="MOMENT",
                        help="archive the site as students saw it at this moment (default: now)")
    add_builder_option(parser)


def archive_command(args: argparse.Namespace) -> int:
    """Run `syllabuild term archive`; returns the exit status (0 archived, 1 refused or failed)."""
    setup_logging()
    project = open_project(Path(args.config_file))
    if project is None:
        return 1
    try:
        course = plan_course(project, now=args.now)
    except CourseError as error:
        print_problems(error)
        return 1
    try:
        term = archive_term(project, course, slug=args.slug, builder=args.builder, now=args.now)
    except ArchiveRefused as error:
        log.error("%s", error)
        return 1
    layout = project.layout
    size = sum((term.folder / path).stat().st_size for path in term.files)
    log.info("Archived %s into %s/: %s, %.1f MiB, in %s. Commit it (git add %s/): every build now publishes it "
             "unchanged and lists it under Past terms", term.label(term.languages[0]), layout.relative(term.folder),
             plural(len(term.files), "file"), size / 2**20, plural(len(term.languages), "language"), ARCHIVE_FOLDER)
    return 0


def archive_term(project: Project, course: CoursePlan, *, slug: str | None = None, builder: str = "mkdocs",
                 now: str | None = None) -> ArchivedTerm:
    """Build the course as it is now and freeze it into `archive/<slug>/` of the project.

    Args:
        project: the loaded project.
        course: its plan (`plan_course`), which found no problem.
        slug: the folder name; None derives it from `course.term` in the default language.
        builder: the builder registered under this name renders it.
        now: the moment the archived site shows (`--now`).

    Returns:
        The archived term, as its manifest says.

    Raises:
        ArchiveRefused: nothing was written; the message says why.
    """
    layout = project.layout
    syllabus = course.syllabus
    languages = tuple(syllabus.course.languages)
    names = _term_names(syllabus.course.term, languages)
    slug = slug if slug is not None else _slug(names, languages[0])
    if not SLUG.match(slug):
        raise ArchiveRefused(f"--slug {slug}: expected a folder name of lowercase letters, digits and hyphens, "
                             "like winter-2024")
    archive_dir = layout.root / ARCHIVE_FOLDER
    final = archive_dir / slug
    if final.exists() or final.is_symlink():
        existing, _ = read_archive(archive_dir, root=layout.root, verify=False)
        when = next((f" on {term.archived_on}" for term in existing if term.slug == slug), "")
        raise ArchiveRefused(f"{layout.relative(final)}/ exists already (archived{when}): archived terms are never "
                             "replaced; to archive this one as well, give it another folder with --slug, "
                             f"e.g. --slug {slug}-2")
    end = syllabus.meetings.term.end if syllabus.meetings.term else None
    if end is not None and course.plan.policy.now.date() <= end:
        log.warning("the term runs until %s: the archive keeps the site as it is now, and never changes", end)
    site_url = f"{layout.site_url.rstrip('/')}/{ARCHIVE_FOLDER}/{slug}/" if layout.site_url else None
    names = names or {languages[0]: slug}
    had_archive = archive_dir.exists()
    try:
        with staging_folder(final) as staging:
            # Built outside archive/ first (a killed archive's build is removed by the next one).
            with staging_folder(layout.cache_dir / "archive") as built:
                site = built / "site"
                built_course = _build(project, builder, site, now=now, site_url=site_url)
                _check_relocated(site, site_url, slug, built_course.sources)
                _freeze(site, staging, names, languages, directory_urls=layout.use_directory_urls)
            term = ArchivedTerm(
                slug=slug, folder=final, term=names, languages=languages,
                start=syllabus.meetings.term.start if syllabus.meetings.term else None, end=end,
                archived_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), syllabuild=__version__,
                builder=builder, site_url=site_url, files=file_hashes(staging),
            )
            # Last, and whole: a folder without its manifest is never taken for an archived term.
            replace_text(staging / MANIFEST, manifest_text(term))
            if final.exists():
                raise ArchiveRefused(f"{layout.relative(final)}/ appeared while archiving: nothing was written")
            staging.rename(final)
        attributes = archive_dir / ".gitattributes"
        if not attributes.exists():
            replace_text(attributes, GIT_ATTRIBUTES)
    finally:
        if not had_archive and archive_dir.is_dir() and not any(archive_dir.iterdir()):
            archive_dir.rmdir()  # a failed first archive leaves no archive/ either
    return term


def _build(project: Project, builder: str, site: Path, *, now: str | None, site_url: str | None) -> CourseBuild:
    """Build the term strictly, with every snippet and notebook run, as `syllabuild check` does."""
    build = adapter(builder)
    try:
        return build.build(project.layout.config_file, site_dir=site, strict=True, now=now,
                           setting_changes={"snippets": {"execute": True}}, site_url=site_url, with_archive=False)
    except build.BuildFailed as error:
        raise ArchiveRefused(f"{error}\nnothing was archived: an archived term never changes, so it is built strictly, "
                             "every snippet and notebook run; fix what is said above and archive again") from None


def _check_relocated(site: Path, site_url: str | None, slug: str, sources: dict[str, PageSource]) -> None:
    """Refuse a site with a link that would leave its folder once at `archive/<slug>/`.

    Relative links move with it; a root-relative one (`/faq/`) would lead into the current site.
    With a `site_url` the build's own link check already knew where the site goes; without
    one it read `/faq/` as the site's own page.
    """
    base = urlsplit(site_url).path if site_url else f"/{ARCHIVE_FOLDER}/{slug}/"
    # A 404 page is the web server's, at the site root only: archived terms have none.
    not_found = tuple(path.relative_to(site).as_posix() for path in site.rglob("404.html"))
    links = read_site(site, relative_to=site.parent, base_path=base, frozen=not_found)
    broken = [Finding(link, result) for link, result in links.internal.items() if result.verdict is Verdict.BROKEN]
    if not broken:
        return
    shown = f"{site.name}/"
    lines = sorted({f"{finding.link.location}: {finding.link.url}".replace(shown, f"{ARCHIVE_FOLDER}/{slug}/", 1)
                    for finding in relocate(broken, sources, site_prefix=shown)})
    listed = "\n".join(f"  {line}" for line in lines[:20])
    raise ArchiveRefused(f"{plural(len(lines), 'link')} would not work from {ARCHIVE_FOLDER}/{slug}/ "
                         f"(make them relative):\n{listed}\nnothing was archived")


def _freeze(site: Path, staging: Path, names: dict[str, str], languages: tuple[str, ...], *,
            directory_urls: bool) -> None:
    """Copy the built site into `staging`, every page with its banner; 404 pages are left out."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        lang, rest = split_language(relative, list(languages))
        if rest == "404.html":
            continue
        data = path.read_bytes()
        if relative.endswith(".html"):
            label = names.get(lang) or names.get(languages[0]) or next(iter(names.values()))
            html = with_banner(data.decode("utf-8"), path=relative, lang=lang, label=label, languages=languages,
                               directory_urls=directory_urls)
            data = html.encode("utf-8")
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)  # a file of its own: never a link to one that a later build rewrites


def _term_names(term, languages: tuple[str, ...]) -> dict[str, str]:
    """`course.term` per site language (`{}` when the syllabus names no term)."""
    if term is None:
        return {}
    return {lang: localize(term, lang, languages[0]) for lang in languages if localize(term, lang, languages[0])}


def _slug(names: dict[str, str], default: str) -> str:
    """`Winter 2024` -> `winter-2024` (accents dropped); the default language's name first, then any."""
    if not names:
        raise ArchiveRefused("syllabus.yaml names no course.term: give the archive's folder with --slug, e.g. "
                             "--slug winter-2024 (course.term: Winter 2024 would also label its banner)")
    for name in [names.get(default, ""), *names.values()]:
        letters = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
        if not letters.isascii():
            continue  # `סמסטר אביב 2025` would leave only `2025`
        slug = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")
        if SLUG.match(slug):
            return slug
    raise ArchiveRefused(f"course.term {names[default]!r} makes no folder name of letters a-z, digits and hyphens: "
                         "give one with --slug, e.g. --slug winter-2024")
