"""Turn pydantic's errors and the course's own rules into `file:line:col: path: message` problems."""

from __future__ import annotations

import difflib
from pathlib import Path

from typing import get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from syllabuild.syllabus.errors import Problem
from syllabuild.syllabus.model import Syllabus, Topic
from syllabuild.syllabus.source import Document, KeyPath

_EXAMPLES = {
    "date": "a date like 2024-03-05",
    "datetime": "a date and time like 2024-03-05T23:59",
    "time": "a time like 10:30",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping of keys to values",
    "model": "a mapping of keys to values",
}
_ERROR_FAMILY = {
    "date_type": "date", "date_parsing": "date", "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "datetime_type": "datetime", "datetime_parsing": "datetime", "datetime_from_date_parsing": "datetime",
    "time_type": "time", "time_parsing": "time",
    "int_type": "int", "int_parsing": "int", "int_from_float": "int",
    "float_type": "float", "float_parsing": "float",
    "bool_type": "bool", "bool_parsing": "bool",
    "string_type": "string", "list_type": "list", "dict_type": "dict",
    "model_type": "model", "model_attributes_type": "model",
}


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


def _user_path(loc: tuple) -> KeyPath:
    """Drop pydantic's union tags ("citation", "function-after[...]") from an error location."""
    names = {"citation", "reference", "text", "topic", "str", "dict[str,str]"}
    out = []
    for part in loc:
        if isinstance(part, str) and (part in names or "[" in part or part.startswith("dict[")):
            continue
        out.append(part)
    return tuple(out)


def _fields_at(model: type[BaseModel], path: KeyPath) -> list[str]:
    """Known keys of the mapping at `path`, for "did you mean" suggestions."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: object) -> object:
    """The pydantic model inside list[...], X | None, Annotated[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin)
    return None


def _message(error: dict, path: KeyPath) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required key '{path[-1]}' is missing"
    if kind == "extra_forbidden":
        known = _fields_at(Syllabus, path[:-1])
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; expected one of: {', '.join(known)}" if known else "")
        return f"unknown key '{path[-1]}'{hint}"
    if kind in _ERROR_FAMILY:
        family = _ERROR_FAMILY[kind]
        if family in ("date", "datetime") and isinstance(value, str) and ctx.get("error", "").startswith(("month", "day")):
            return f"impossible date {_show(value)} ({ctx['error']})"
        return f"expected {_EXAMPLES[family]}, got {_show(value)}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '').replace(chr(39), '')}, got {_show(value)}"
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "email":
            return f"expected an email address like name@example.edu, got {_show(value)}"
        if path and path[-1] == "id":
            return f"expected a short identifier of letters, digits, - and _, got {_show(value)}"
        return f"expected a language code like en or he, got {_show(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        limit = f"{limit:g}" if isinstance(limit, float) else limit
        return f"expected a number {bound} {limit}, got {_show(value)}"
    if kind == "too_short":
        return "expected at least one item"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "union_tag_invalid":
        return f"expected text or a mapping, got {_show(value)}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}, got {_show(value)}"


def pydantic_problems(doc: Document, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = _user_path(item["loc"])
        if item["type"] == "missing":
            problems.append(doc.problem(path[:-1], _message(item, path)))
        elif item["type"] == "extra_forbidden":
            problems.append(doc.problem(path, _message(item, path), key=True))
        else:
            problems.append(doc.problem(path, _message(item, path)))
    return problems


# -- rules that span several fields ------------------------------------------------------------
def partial_syllabus(data: dict) -> Syllabus:
    """The sections and list items that are valid on their own (invalid items become None).

    Lets the cross-field rules below run even when pydantic rejected other parts, so staff see
    every problem in one pass rather than one layer at a time.
    """
    values: dict = {}
    for name, field in Syllabus.model_fields.items():
        if name not in data:
            continue
        raw = data[name]
        try:
            values[name] = TypeAdapter(field.annotation).validate_python(raw)
            continue
        except ValidationError:
            pass
        if isinstance(raw, list) and get_origin(field.annotation) is list:
            item = TypeAdapter(get_args(field.annotation)[0])
            values[name] = [_valid_or_none(item, entry) for entry in raw]
        elif isinstance(raw, dict) and get_origin(field.annotation) is dict:
            item = TypeAdapter(get_args(field.annotation)[1])
            values[name] = {key: _valid_or_none(item, entry) for key, entry in raw.items()}
    return Syllabus.model_construct(**values)


def _valid_or_none(adapter: TypeAdapter, value: object) -> object:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def course_problems(doc: Document, syllabus: Syllabus, *, root: Path | None, snippets_dir: str = "snippets") -> list[Problem]:
    """Rules pydantic cannot see field by field: keys, sums, uniqueness, dates, files."""
    problems: list[Problem] = []
    problems += _citation_problems(doc, syllabus)
    problems += _grading_problems(doc, syllabus)
    problems += _uniqueness_problems(doc, syllabus)
    problems += _date_problems(doc, syllabus)
    if root is not None:
        problems += _file_problems(doc, syllabus, root, snippets_dir)
    return problems


def _citations(syllabus: Syllabus):
    for i, lecture in enumerate(syllabus.lectures):
        if lecture is None:
            continue
        for j, reading in enumerate(lecture.readings):
            yield ("lectures", i, "readings", j), reading
        yield from _topic_citations(lecture.topics, ("lectures", i, "topics"))


def _topic_citations(topics, path):
    for k, topic in enumerate(topics):
        if isinstance(topic, Topic):
            for j, reading in enumerate(topic.readings):
                yield (*path, k, "readings", j), reading
            yield from _topic_citations(topic.topics, (*path, k, "topics"))


def _citation_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    keys = list(syllabus.bibliography)
    problems = []
    for path, reading in _citations(syllabus):
        key = getattr(reading, "cite", None)
        if key is not None and key not in syllabus.bibliography:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else (f"; known keys: {', '.join(keys)}" if keys else "; the bibliography is empty")
            problems.append(doc.problem((*path, "cite"), f"unknown bibliography key '{key}'{hint}"))
    return problems


def _fmt(number: float) -> str:
    return f"{number:g}"


def _grading_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    if syllabus.grading is None:
        return []
    problems = []
    for s, scheme in enumerate(syllabus.grading.schemes):
        total = sum(c.weight for c in scheme.components)
        if abs(total - 100) > 1e-9:
            weights = " + ".join(_fmt(c.weight) for c in scheme.components)
            problems.append(doc.problem(("grading", "schemes", s, "components"),
                                        f"weights add up to {_fmt(total)} ({weights}), expected 100 (bonus not counted)"))
        for c, component in enumerate([*scheme.components, *scheme.bonus]):
            if not component.parts:
                continue
            part_total = sum(p.weight for p in component.parts)
            if abs(part_total - component.weight) > 1e-9:
                where = ("components", c) if c < len(scheme.components) else ("bonus", c - len(scheme.components))
                problems.append(doc.problem(("grading", "schemes", s, *where, "parts"),
                                            f"parts add up to {_fmt(part_total)}, expected the component's weight {_fmt(component.weight)}"))
    return problems


def _uniqueness_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    problems = _repeated(doc, "lectures", syllabus.lectures, "number", "lecture number {}")
    problems += _repeated(doc, "assignments", syllabus.assignments, "id", "assignment id '{}'")
    names = {_plain(member.name) for member in syllabus.staff if member is not None}
    for m, meeting in enumerate(syllabus.meetings.weekly):
        for k, name in enumerate(meeting.staff):
            if name not in names:
                close = difflib.get_close_matches(name, list(names), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(doc.problem(("meetings", "weekly", m, "staff", k), f"'{name}' is not listed under staff{hint}"))
    return problems


def _repeated(doc: Document, section: str, items: list, field: str, what: str) -> list[Problem]:
    """A problem for each item whose `field` an earlier item already uses (None items skipped)."""
    problems, first = [], {}
    for i, item in enumerate(items):
        if item is None:
            continue
        value = getattr(item, field)
        if value in first:
            problems.append(doc.problem((section, i, field),
                                        f"{what.format(value)} is already used by {section}[{first[value]}]"))
        first.setdefault(value, i)
    return problems


def _plain(text) -> str:
    return text if isinstance(text, str) else next(iter(text.values()), "")


def _date_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    problems = []
    meetings = syllabus.meetings
    if meetings.term and meetings.term.end < meetings.term.start:
        problems.append(doc.problem(("meetings", "term", "end"),
                                    f"the term ends ({meetings.term.end}) before it starts ({meetings.term.start})"))
    for m, meeting in enumerate(meetings.weekly):
        if meeting.end <= meeting.start:
            problems.append(doc.problem(("meetings", "weekly", m, "end"),
                                        f"ends at {meeting.end:%H:%M}, not after its start {meeting.start:%H:%M}"))
    for i, assignment in enumerate(syllabus.assignments):
        if assignment is not None and assignment.release and assignment.due and assignment.due < assignment.release:
            problems.append(doc.problem(("assignments", i, "due"),
                                        f"due {assignment.due:%Y-%m-%d %H:%M}, before its release {assignment.release:%Y-%m-%d %H:%M}"))
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(meetings.timezone)
    except Exception:
        problems.append(doc.problem(("meetings", "timezone"),
                                    f"expected an IANA time zone like Asia/Jerusalem or Europe/Berlin, got \"{meetings.timezone}\""))
    return problems


def _file_problems(doc: Document, syllabus: Syllabus, root: Path, snippets_dir: str) -> list[Problem]:
    problems = []
    for i, lecture in enumerate(syllabus.lectures):
        if lecture is None:
            continue
        if lecture.notes and not (root / lecture.notes).is_file():
            problems.append(doc.problem(("lectures", i, "notes"), f"file not found: {lecture.notes}"))
        for j, snippet in enumerate(lecture.snippets):
            if not (root / snippets_dir / snippet).is_file():
                problems.append(doc.problem(("lectures", i, "snippets", j), f"snippet file not found: {snippets_dir}/{snippet}"))
        for j, exercise in enumerate(lecture.exercises):
            for field in ("notebook", "solution"):
                target = getattr(exercise, field)
                if target and "://" not in target and not (root / target).is_file():
                    problems.append(doc.problem(("lectures", i, "exercises", j, field), f"file not found: {target}"))
    return problems
