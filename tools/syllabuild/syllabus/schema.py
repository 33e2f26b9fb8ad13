"""The JSON Schema of syllabus.yaml that editors check while staff type, generated from the model.

pydantic describes time, date and date-time fields with JSON Schema's `format` keyword, which
editors check as RFC 3339: `10:30` and `2024-01-16T23:59`, both fine for syllabuild, would be
underlined. So every subschema with a `format`, wherever it sits, is rewritten to the pattern of
its written form (`forms.py`); fields added to the model later get the same treatment. A `format`
without a form stops the generation, so that no new kind of field slips through unchecked.

Likewise, the model reads numbers as text (`code: 046211`, which the YAML language server reads as
the number 46211), so every plain text field (no pattern, no fixed values) also accepts a number.
"""

from __future__ import annotations

import ast
import inspect
import json
from functools import cache
from typing import Any

from pydantic import BaseModel

from syllabuild.syllabus import model
from syllabuild.syllabus.forms import FORMS
from syllabuild.syllabus.model import Syllabus

__all__ = ["DIALECT", "SchemaFormatError", "editor_schema", "schema_text", "syllabus_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Values under these keywords are data, not subschemas: a default mapping may well hold a key
# named "format".
_DATA_KEYWORDS = frozenset({"default", "examples", "const", "enum"})
# Under these, the keys are names (of properties, of definitions), each mapped to a subschema.
_NAMING_KEYWORDS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
# Text with a shape or a fixed set of values: a number seldom fits it, so editors keep asking for text.
_SHAPED_KEYWORDS = frozenset({"const", "enum", "pattern"})


class SchemaFormatError(Exception):
    """The model uses a JSON Schema `format` that `forms.py` has no written form for."""


def syllabus_schema() -> dict[str, Any]:
    """The schema of syllabus.yaml: the model's, with every `format` rewritten to its form."""
    _describe_fields()
    # Every model shares one configuration (`_Model`), so the root's says how text fields read numbers.
    numbers_are_text = bool(Syllabus.model_config.get("coerce_numbers_to_str"))
    schema = editor_schema(Syllabus.model_json_schema(), numbers_are_text=numbers_are_text)
    schema["$schema"] = DIALECT
    schema["title"] = "syllabus.yaml"
    return schema


@cache
def _describe_fields() -> None:
    """Give each field of the syllabus models its attribute docstring as its description, once.

    The docstring under a field (as pydantic's `use_attribute_docstrings` reads it: a string
    right after an annotated assignment in the class body) is read from `model.py`'s source here,
    when the schema is made, instead of at every import of the models. A field that has a
    description of its own keeps it. The models are then rebuilt in the order they are defined,
    so each one's schema holds the described schemas of those it uses.
    """
    docstrings: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(model)).body:
        if isinstance(node, ast.ClassDef):
            fields, previous = docstrings.setdefault(node.name, {}), None
            for statement in node.body:
                if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                        and isinstance(statement.value.value, str) and isinstance(previous, ast.AnnAssign)
                        and isinstance(previous.target, ast.Name)):
                    fields[previous.target.id] = inspect.cleandoc(statement.value.value)
                previous = statement
    models = [value for value in vars(model).values()
              if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == model.__name__]
    for cls in models:
        for name, field in cls.model_fields.items():
            owner = next((base.__name__ for base in cls.__mro__ if name in docstrings.get(base.__name__, {})), None)
            if field.description is None and owner is not None:
                field.description = docstrings[owner][name]
    for cls in models:
        cls.model_rebuild(force=True)


def schema_text() -> str:
    """The schema as shipped: sorted keys, so that the file only changes when the schema does."""
    return json.dumps(syllabus_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def editor_schema(json_schema: dict[str, Any], *, numbers_are_text: bool = False) -> dict[str, Any]:
    """A pydantic JSON schema with every `format` replaced by the pattern of its form.

    Args:
        json_schema: what `model_json_schema()` returns.
        numbers_are_text: the models read numbers as text (`coerce_numbers_to_str`), so every
            plain text field (no pattern, no fixed values) also accepts a number.

    Raises:
        SchemaFormatError: a `format` has no form in `forms.py`.
    """
    return _for_editors(json_schema, "#", numbers_are_text=numbers_are_text)


def _for_editors(node: Any, where: str, *, numbers_are_text: bool, names: bool = False) -> Any:
    """`node` with every subschema rewritten; `names`: its keys name subschemas, none is a keyword."""
    if isinstance(node, list):
        return [_for_editors(item, f"{where}/{index}", numbers_are_text=numbers_are_text) for index, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out = {
        key: value if key in _DATA_KEYWORDS and not names else _for_editors(
            value, f"{where}/{key}", numbers_are_text=numbers_are_text, names=key in _NAMING_KEYWORDS and not names)
        for key, value in node.items()
    }
    if names:
        return out
    if "format" in out:
        return _as_form(out, where)
    if numbers_are_text and out.get("type") == "string" and not _SHAPED_KEYWORDS & out.keys():
        out["type"] = ["string", "number"]
    return out


def _as_form(node: dict[str, Any], where: str) -> dict[str, Any]:
    name = node["format"]
    form = FORMS.get(name)
    if form is None:
        raise SchemaFormatError(
            f"{where}: JSON Schema format {name!r} has no written form; "
            "add one to syllabuild/syllabus/forms.py (editors check formats their own way)"
        )
    if "pattern" in node:
        raise SchemaFormatError(f"{where}: both a pattern and format {name!r}; keep one of them in the model")
    out = dict(node)
    if not form.keeps_format:
        del out["format"]
    out["pattern"] = form.pattern
    # Not JSON Schema, but VS Code and the YAML language server show it instead of the bare regex.
    out["patternErrorMessage"] = form.message
    out.setdefault("examples", list(form.examples))
    return out
