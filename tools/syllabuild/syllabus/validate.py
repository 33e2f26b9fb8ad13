"""Turn pydantic's errors into `file:line:col: path: message` problems (the course's own rules: `rules.py`)."""

from __future__ import annotations

import difflib
from typing import get_args, get_origin
from zoneinfo import ZoneInfo

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.functional_validators import BeforeValidator

from syllabuild.syllabus.errors import Problem
from syllabuild.syllabus.model import Syllabus
from syllabuild.syllabus.source import Document, KeyPath
from syllabuild.syllabus.values import clipped

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
        return f'"{clipped(value)}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


_UNION_TAGS = {"citation", "reference", "text", "topic", "file", "link", "str", "dict[str,str]"}


def _user_path(loc: tuple, data: object) -> KeyPath:
    """Drop pydantic's union tags ("citation", "function-after[...]") from an error location.

    The location is walked along the data staff wrote, so that a key of theirs that looks like a
    tag (`text:`, `c[ourse:`) stays; where the data ends (a shorthand that a validator expands,
    the missing key itself), tags are told by name.
    """
    out = []
    current, walking = data, True
    for part in loc:
        if walking and isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
        elif walking and isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif isinstance(part, str) and (part in _UNION_TAGS or "[" in part):
            continue
        else:
            out.append(part)
            walking = False
    return tuple(out)


def _models_at(path: KeyPath) -> list[type[BaseModel]]:
    """The models the mapping at `path` of a syllabus may be (a reading is a citation or a reference)."""
    current: list = [Syllabus]
    keyed = False  # the part after a mapping field such as `bibliography` is a key staff chose
    for part in path:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        fields = [_keys(model)[part] for model in current if part in _keys(model)]
        current = [model for field in fields for model in _models_in(field.annotation)]
        keyed = any(get_origin(field.annotation) is dict for field in fields)
    return current


def _keys(model: object) -> dict:
    """The keys staff write for `model` (a field's alias where it has one) -> the field."""
    fields = getattr(model, "model_fields", None) or {}
    return {field.alias or name: field for name, field in fields.items()}


def _fields_at(path: KeyPath) -> list[str]:
    """Known keys of the mapping at `path`, for "did you mean" suggestions."""
    return list(dict.fromkeys(key for model in _models_at(path) for key in _keys(model)))


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models inside list[...], X | Y, Annotated[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found += [model for model in _models_in(arg) if model not in found]
    origin = getattr(annotation, "__origin__", None)
    if not found and origin is not None and origin is not annotation:
        found = _models_in(origin)
    return found


def _message(error: dict, path: KeyPath) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required key '{path[-1]}' is missing"
    if kind == "extra_forbidden":
        known = _fields_at(path[:-1])
        close = _suggestion(path)
        hint = f"; did you mean '{close}'?" if close else (f"; expected one of: {', '.join(known)}" if known else "")
        return f"unknown key '{clipped(str(path[-1]))}'{hint}"
    if kind in _ERROR_FAMILY:
        family = _ERROR_FAMILY[kind]
        if family == "model" and isinstance(value, list) and (key := _list_key(path)):
            return (f"expected a mapping with the key '{key}', got a list; "
                    f"indent the list under '{key}:' ({path[-1]}: {{{key}: [...]}})")
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
        if path and path[-1] == "languages":
            return "expected at least one site language, like [en]"
        return "expected at least one item"
    if kind == "finite_number":
        return f"expected a finite number, got {_show(value)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "union_tag_invalid":
        return f"expected text or a mapping, got {_show(value)}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}, got {_show(value)}"


def _suggestion(path: KeyPath) -> str | None:
    """The known key that the unknown key at `path` most likely misspells."""
    close = difflib.get_close_matches(str(path[-1]), _fields_at(path[:-1]), n=1)
    return close[0] if close else None


def _list_key(path: KeyPath) -> str | None:
    """The one required list of the mapping at `path` (`schemes` of `grading`), where a list belongs."""
    models = _models_at(path)
    required = [key for key, field in _keys(models[0]).items()
                if field.is_required() and get_origin(field.annotation) is list] if len(models) == 1 else []
    return required[0] if len(required) == 1 else None


def _written_path(doc: Document, path: KeyPath) -> KeyPath:
    """`notes.url` is `notes` where staff wrote the link as a plain URL (`notes: slides.pdf`)."""
    if path[-1:] == ("url",) and isinstance(_value_at(doc.data, path[:-1]), str):
        return path[:-1]
    return path


def _value_at(data: object, path: KeyPath) -> object:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _text_branch(part: object) -> str | None:
    """Which side of a `Text` union (plain text or text per language) an error location part names."""
    if not isinstance(part, str):
        return None
    if part == "str" or (part.startswith("function-after[") and part.endswith(", str]")):
        return "text"
    return "per-language" if part.startswith("dict[") else None


def _one_text_branch(errors: list[dict]) -> list[dict]:
    """The errors of the side of each `Text` union that the value was written as.

    pydantic reports a list given as a title twice, as not text and as not a mapping; staff wrote
    neither a mapping nor text, and "expected text, got a list" is the one thing to say.
    """
    sides: dict[tuple, dict[str, list[dict]]] = {}
    for item in errors:
        loc = item["loc"]
        at = next((i for i, part in enumerate(loc) if _text_branch(part)), None)
        if at is not None:
            sides.setdefault(loc[:at], {}).setdefault(_text_branch(loc[at]), []).append(id(item))
    dropped: set[int] = set()
    for found in sides.values():
        if len(found) < 2:
            continue
        written = next(item["input"] for item in errors if id(item) in found["text"])
        dropped.update(found["text"] if isinstance(written, dict) else found["per-language"])
    return [item for item in errors if id(item) not in dropped]


def pydantic_problems(doc: Document, error: ValidationError) -> list[Problem]:
    problems = []
    items = [(item, _written_path(doc, _user_path(item["loc"], doc.data)))
             for item in _one_text_branch(error.errors(include_url=False))]
    # `titel:` is one typo: its "did you mean 'title'" says all, not also "'title' is missing".
    misspelled = {(path[:-1], _suggestion(path)) for item, path in items if item["type"] == "extra_forbidden"}
    for item, path in items:
        if item["type"] == "missing" and (path[:-1], path[-1]) in misspelled:
            continue
        if item["type"] == "missing":
            problems.append(doc.problem(path[:-1], _message(item, path)))
        elif item["type"] == "extra_forbidden":
            problems.append(doc.problem(path, _message(item, path), key=True))
        else:
            problems.append(doc.problem(path, _message(item, path)))
    return problems


# -- what is valid of an invalid syllabus -------------------------------------------------------
def validation_context(data: object) -> dict:
    """What the model's validators read beyond a value: the course time zone that moments convert into."""
    meetings = data.get("meetings") if isinstance(data, dict) else None
    name = meetings.get("timezone", "UTC") if isinstance(meetings, dict) else "UTC"
    try:
        return {"zone": ZoneInfo(name)}
    except Exception:  # noqa: BLE001 - an unknown zone is reported by the rules; moments stay as written
        return {}


def partial_syllabus(data: dict, context: dict | None = None) -> Syllabus:
    """The sections and list items that are valid on their own (invalid items become None).

    Lets the cross-field rules below run even when pydantic rejected other parts, so staff see
    every problem in one pass rather than one layer at a time.
    """
    values: dict = {}
    for name, field in Syllabus.model_fields.items():
        if name not in data:
            continue
        raw = data[name]
        for step in field.metadata:
            if isinstance(step, BeforeValidator):
                raw = step.func(raw)
        try:
            values[name] = TypeAdapter(field.annotation).validate_python(raw, context=context)
            continue
        except ValidationError:
            pass
        if isinstance(raw, list) and get_origin(field.annotation) is list:
            item = TypeAdapter(get_args(field.annotation)[0])
            values[name] = [_valid_or_none(item, entry, context) for entry in raw]
        elif isinstance(raw, dict) and get_origin(field.annotation) is dict:
            item = TypeAdapter(get_args(field.annotation)[1])
            values[name] = {key: _valid_or_none(item, entry, context) for key, entry in raw.items()}
    return Syllabus.model_construct(**values)


def _valid_or_none(adapter: TypeAdapter, value: object, context: dict | None) -> object:
    try:
        return adapter.validate_python(value, context=context)
    except ValidationError:
        return None
