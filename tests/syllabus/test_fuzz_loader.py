"""Fuzzing the loader: every mutation of the sample syllabus is a course or a located error, never a traceback.

Each example mutates an excerpt of the sample syllabus (its values swapped for values of other
types, huge numbers, odd Unicode, deep nesting; keys deleted or doubled; the text cut short or
its bytes flipped). The outcome must be either a valid syllabus, which is then checked and
planned as `syllabuild validate` and the first half of every build do (pages rendered, no code
run), or a `SyllabusError` whose every line says file, line and column. Any other exception is a
bug. The examples are derandomized, so CI runs the same ones each time; a failing example prints
the mutated syllabus.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from syllabuild.project import load_project
from syllabuild.site.pipeline import CourseError, plan_course
from syllabuild.syllabus import SyllabusError, load_with_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "syllabus.yaml"
NOW = "2024-02-01T12:00"


def sample_excerpt() -> str:
    """The sample syllabus, its long lists cut to their first items, in its own formatting.

    The whole sample takes PyYAML half a second; an excerpt keeps every kind of section and
    value and lets 200 examples run in well under a minute.
    """
    keep = {"lectures": 4, "resources": 1, "policies": 2}
    sections = re.split(r"(?m)^(?=[a-z_]+:)", SAMPLE.read_text(encoding="utf-8"))
    cut = []
    for section in sections:
        name = section.split(":", 1)[0]
        if name in keep:
            head, *items = re.split(r"(?m)^(?=  - )", section)
            section = head + "".join(items[: keep[name]])
        cut.append(section)
    return "".join(cut)


EXCERPT = sample_excerpt()
DATA = yaml.safe_load(EXCERPT)

ODD_TEXT = [
    "", " ", "\u202eevil", "\u200b", "\ufeff", "é", "🎓", "עברית", "\u2028", "\x85", "a\nb", "&#58;", "%3A", "{{ x }}",
    "<script>alert(1)</script>", "javascript:alert(1)", "../../../../etc/hostname", "/etc/passwd", "10.30", "25:00",
    "9999-12-31", "0000-01-01", "2024-02-30", "x" * 25_000, "*", "&anchor", "!!python/object:os.system", "%", "@",
]
ODD_VALUES = [
    None, True, False, 0, -1, 10**30, 10**400, 1e308, -1e308, 0.5, 10.3, 1015, [], {}, [1, [2, [3]]], {"en": []},
    {"xq": "text"}, {"en": "a", "he": 5}, dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.datetime(2024, 1, 1, 12, 0),
    dt.datetime(2024, 2, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-11))), *ODD_TEXT,
]
ODD_INSERTS = ["\x00", "\x07", "\t", "\ufeff", "\u202e", "\ud800", "\n", "\n  ", ": ", "- ", "#", "&a ", "*a ", "*", "!", "[",
               "]", "{", "}", "'", '"', "|", ">", "<<: *a", "? ", "%YAML 1.1\n", "---\n", "...\n", "\\", "&#58;", "é"]


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


def _walk(draw, data) -> tuple:
    """A key path drawn by walking down from the top: each section as likely as any other, leaves reached often."""
    path: tuple = ()
    value = data
    while isinstance(value, (dict, list)) and value and (not path or draw(st.integers(0, 3))):
        key = draw(st.sampled_from(list(value) if isinstance(value, dict) else range(len(value))))
        path, value = (*path, key), value[key]
    return path


_ZONES = st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))])


def _alike(value) -> st.SearchStrategy:
    """Odd values of the same type as `value`: these more often give a valid syllabus that pages must show."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-(10**6), 10**6) | st.sampled_from([0, 999, 1000, 2**63])
    if isinstance(value, float):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(value, dt.datetime):
        return st.datetimes(min_value=dt.datetime(1890, 1, 1), max_value=dt.datetime(3100, 1, 1), timezones=_ZONES)
    if isinstance(value, dt.date):
        return st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2300, 1, 1))
    if isinstance(value, str):
        return st.text(max_size=40) | st.sampled_from(ODD_TEXT) | st.builds(lambda odd: value + odd, st.sampled_from(ODD_TEXT))
    if isinstance(value, list):
        return st.just([]) | st.just(value + value) | st.just(value[:1])
    if isinstance(value, dict):
        return st.just({}) | st.just({key: value[key] for key in list(value)[:1]})
    return st.nothing()


@st.composite
def data_mutations(draw, data):
    """The sample's data with a few values replaced, removed, doubled or nested."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        path = _walk(draw, data)
        if not path:
            break
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "wrap", "nest", "extra", "double"]))
        if action == "replace":
            # A copy: later steps edit the tree in place, and the strategies' values must stay as they are.
            odd = st.sampled_from(ODD_VALUES) if draw(st.integers(0, 2)) == 0 else _alike(parent[key])
            parent[key] = copy.deepcopy(draw(odd))
        elif action == "delete":
            del parent[key]
        elif action == "wrap":
            parent[key] = [parent[key]]
        elif action == "nest":
            parent[key] = _deep(draw(st.integers(1, 80)))
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["titel", "en", "xq", "1", "number"]))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "double" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@st.composite
def text_mutations(draw, text: str):
    """`text` as bytes, cut short, with bytes flipped, odd characters inserted or lines doubled."""
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["truncate", "flip", "insert", "insert", "double line", "drop line"]))
        at = draw(st.integers(0, len(data)))
        if action == "truncate":
            data = data[:at]
        elif action == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif action == "insert":
            odd = draw(st.sampled_from(ODD_INSERTS)).encode("utf-8", "surrogatepass")
            data = data[:at] + odd + data[at:]
        else:
            lines = data.split(b"\n")
            line = min(at * len(lines) // (len(data) + 1), len(lines) - 1)
            lines[line:line + 1] = [lines[line]] * (2 if action == "double line" else 0)
            data = b"\n".join(lines)
    return data


@st.composite
def mutated_syllabi(draw) -> bytes:
    how = draw(st.sampled_from(["data", "text", "both"]))
    text = draw(data_mutations(DATA)) if how != "text" else EXCERPT
    return draw(text_mutations(text)) if how != "data" else text.encode("utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The sample project, reading its syllabus from a file the examples overwrite."""
    syllabus = tmp_path_factory.mktemp("fuzz") / "syllabus.yaml"
    project = load_project(ROOT / "mkdocs.yml").with_settings(snippets={"execute": False})
    return dataclasses.replace(project, layout=dataclasses.replace(project.layout, syllabus=syllabus))


def test_the_excerpt_is_a_valid_syllabus(course):
    course.layout.syllabus.write_text(EXCERPT, encoding="utf-8")
    assert len(plan_course(course, now=NOW).syllabus.lectures) == 4


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(written=mutated_syllabi())
def test_a_mutated_syllabus_is_a_course_or_located_problems(course, written: bytes):
    note("mutated syllabus.yaml:\n" + written.decode("utf-8", "backslashreplace"))
    path = course.layout.syllabus
    path.write_bytes(written)
    try:
        load_with_document(path, root=ROOT, snippets_dir="snippets")
    except SyllabusError as error:
        event(f"problems: {error.problems[0].message[:30]}")
        lines = written.count(b"\n") + 1
        assert error.problems
        for problem in error.problems:
            assert 1 <= problem.line <= lines and problem.column >= 1 and problem.message, str(problem)
        return
    event("a valid syllabus, planned")
    try:
        plan_course(course, now=NOW)
    except CourseError as error:  # the course's own rules beyond the syllabus (translations required)
        assert error.lines
