"""The message catalogue and the untranslated-text report, as plain function calls."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

from syllabuild.i18n import messages_for, translation_gaps
from syllabuild.i18n.catalogues import HEBREW
from syllabuild.syllabus.source import parse_document

TEMPLATES = Path(__file__).resolve().parents[2] / "tools" / "syllabuild" / "pages" / "templates"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_of_the_templates_has_a_hebrew_translation():
    used = set()
    for template in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r"h\._\('((?:[^'\\]|\\.)+)'", template.read_text(encoding="utf-8")))
    assert used, "the templates use h._ for their words"
    assert sorted(used - set(HEBREW)) == []


def test_hebrew_messages_keep_the_fields_of_the_english_ones():
    for english, hebrew in HEBREW.items():
        assert fields(hebrew) == fields(english), english


def test_dates_and_direction_follow_the_language():
    day = dt.date(2024, 1, 2)
    assert messages_for("en").day(day) == "Tue 2 Jan 2024"
    assert messages_for("he").day(day) == "יום ג׳ 2 ינו׳ 2024"
    assert messages_for("he").weekday("tuesday") == "יום שלישי"
    assert (messages_for("en").direction, messages_for("he").direction, messages_for("ar").direction) == ("ltr", "rtl", "rtl")
    assert messages_for("he")("Lecture {number}", number=3) == "הרצאה 3"
    assert messages_for("fr")("Schedule") == "Schedule"  # no French catalogue: English words, French dates
    assert messages_for("fr").short_day(day) == "mar. 2 janv."


SYLLABUS = """\
course:
  title: {en: Deep Learning, he: למידה עמוקה}
  languages: [en, he]
  outcomes:
    - {en: Train a network.}
    - {en: Read papers., he: לקרוא מאמרים., fr: Lire des articles.}
  links:
    - {url: "https://example.org"}
lectures:
  - {number: 1, title: Introduction}
"""


def test_gaps_name_the_place_and_the_missing_or_unknown_language():
    doc = parse_document(SYLLABUS, path=Path("syllabus.yaml"), display_name="syllabus.yaml")
    assert [str(gap) for gap in translation_gaps(doc, ["en", "he"])] == [
        "syllabus.yaml:5:7: course.outcomes[0]: no he text; those pages show the default language",
        "syllabus.yaml:6:7: course.outcomes[1]: fr is not in course.languages; that text is never shown",
    ]


def test_plain_strings_and_links_are_not_gaps():
    doc = parse_document(SYLLABUS, path=Path("syllabus.yaml"), display_name="syllabus.yaml")
    keys = [gap.key for gap in translation_gaps(doc, ["en", "he"])]
    assert "lectures[0].title" not in keys and "course.links[0]" not in keys
