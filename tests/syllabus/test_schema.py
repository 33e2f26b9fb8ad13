"""The JSON Schema that editors check syllabus.yaml against accepts what syllabuild accepts.

Documents are read as the YAML language server reads them (YAML 1.2: `2024-01-16` and `10:30`
stay text, `046211` is a number), then checked twice: by jsonschema, formats included, and by VS
Code's own JSON language service, which underlines the lines staff see in the editor.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Annotated

import jsonschema
import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError, WithJsonSchema

from syllabuild.syllabus import SyllabusError
from syllabuild.syllabus.forms import FORMS, URL
from syllabuild.syllabus.model import Assignment, Lecture, Meeting
from syllabuild.syllabus.values import Url
from syllabuild.syllabus.schema import SchemaFormatError, editor_schema
from syllabuild.syllabus.source import parse_document

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tools/syllabuild/syllabus/syllabus.schema.json").read_text(encoding="utf-8"))
FIXTURES = ROOT / "tests" / "fixtures"
LANGUAGE_SERVICE = ROOT / "tests" / "schema_check"

# Fixture folders whose syllabus.yaml is not a syllabus, and why.
NOT_SYLLABI = {
    "links_course": "input of the link checker, which finds links in any YAML (unknown keys, no lecture numbers)",
}
VALID = {"sample": ROOT / "syllabus.yaml"} | {
    path.parent.name: path for path in sorted(FIXTURES.glob("*/syllabus.yaml")) if path.parent.name not in NOT_SYLLABI
}
INVALID = {path.stem: path for path in sorted((FIXTURES / "invalid").glob("*.yaml"))}

# The invalid fixtures that the schema cannot flag, and why; it must flag every other one, and a
# listed fixture that it does flag has to leave the list.
BEYOND_THE_SCHEMA = {
    # Broken YAML: the editor's YAML parser reports it, and there is no data to check.
    "syntax_unclosed_bracket": "YAML syntax",
    "flow_mapping_unquoted_question": "YAML syntax",
    "tab_indentation": "YAML syntax",
    "python_tag": "a YAML tag",
    "duplicate_key": "a YAML error; the data keeps one of the two keys",
    "unterminated_string": "YAML syntax",
    "not_utf8": "not text at all: the editor shows the bad bytes",
    "deep_nesting": "a limit of the loader; the YAML is valid",
    "description_too_long": "a limit of the loader on every value",
    # Rules across values, which JSON Schema cannot state.
    "grading_not_100": "a sum of weights",
    "alternative_scheme_not_100": "a sum of weights",
    "grading_parts_mismatch": "a sum of weights against another weight",
    "due_before_release": "one date against another",
    "due_before_release_with_offset": "one date against another",
    "due_with_offset_before_release": "one date against another",
    "lecture_outside_term": "one date against another",
    "meeting_ends_before_start": "one time against another",
    "term_ends_before_start": "one date against another",
    "duplicate_assignment_id": "one key unique across items (uniqueItems compares whole items)",
    "duplicate_lecture_number": "one key unique across items (uniqueItems compares whole items)",
    "meeting_staff_not_listed": "a name that must appear under staff",
    "unknown_bibliography_key": "a key that must appear under bibliography",
    "ambiguous_lecture_meetings": "two items of a list that must differ in weekday or name",
    "ambiguous_tutorials": "two items of a list that must differ in weekday, start or name",
    "unknown_meeting_name": "a name that must appear under meetings.weekly",
    "every_lecture_meeting_named": "lectures that no meeting takes, which depends on other items",
    "duplicate_counted_lecture_number": "one key unique across items, some of them counted rather than written",
    # Facts outside the document.
    "missing_notes_file": "a file on disk",
    "missing_exercise_notebook": "a file on disk",
    "bad_timezone": "the installed IANA database; as an enum it would tie the schema to one machine's tzdata",
    "unknown_language_code": "Babel's locale data; as an enum it would tie the schema to one Babel version",
    # Rules the model checks in Python and does not publish (yet): model.py could.
    "javascript_url": "Url is a Python validator; WithJsonSchema with forms.URL would publish it",
    "url_with_spaces": "Url is a Python validator; WithJsonSchema with forms.URL would publish it",
    "recording_without_mirrors": "mirrors' input type (URL, link or list) is published without min_length=1",
    "javascript_entity_url": "Url is a Python validator; WithJsonSchema with forms.URL would publish it",
    "markdown_javascript_link": "links inside Markdown text, which a pattern on the whole text cannot find reliably",
    "notes_outside_project": "Url and paths are Python validators; a pattern could publish part of it",
    "title_too_long": "Title's length is a Python validator; maxLength on both sides of Text would publish it",
    "term_in_year_9999": "the years of a date are a Python validator (format: date allows any year)",
}
# Invalid fixtures that the schema flags only through a format the language service checks loosely.
LOOSE_IN_THE_EDITOR = {"impossible_date": "format: date is checked by a pattern of digits, which allows February 30"}


class EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it, by the 1.2 core schema: no timestamps, no 10:30
    as the base-60 number 630, no yes/no as booleans; 046211 is the number 46211."""


_RESOLVED_BY_1_1 = {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")}
EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _RESOLVED_BY_1_1]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    base = {"0o": 8, "0x": 16}.get(text[:2])
    return int(text[2:], base) if base else int(text)  # 046211 is decimal in YAML 1.2


EditorLoader.add_constructor("tag:yaml.org,2002:int", _core_int)


def editor_data(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


VALIDATOR_CLASS = jsonschema.validators.validator_for(SCHEMA)
VALIDATOR = VALIDATOR_CLASS(SCHEMA, format_checker=VALIDATOR_CLASS.FORMAT_CHECKER)


def schema_errors(data: object) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(data)]


# -- the generator -----------------------------------------------------------------------------
def test_shipped_schema_is_current_and_named_by_the_sample():
    command = [sys.executable, "-m", "syllabuild.cli", "schema", "--check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    first_line = (ROOT / "syllabus.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert "$schema=tools/syllabuild/syllabus/syllabus.schema.json" in first_line
    VALIDATOR_CLASS.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _subschemas(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _subschemas(item)


def test_no_format_that_editors_would_read_as_rfc3339():
    formats = {node["format"] for node in _subschemas(SCHEMA) if isinstance(node.get("format"), str)}
    assert formats <= {form.name for form in FORMS.values() if form.keeps_format} == {"date"}
    patterns = {node["pattern"] for node in _subschemas(SCHEMA) if "patternErrorMessage" in node}
    assert {FORMS["time"].pattern, FORMS["date"].pattern, FORMS["date-time"].pattern} <= patterns


def test_fields_added_later_get_their_form():
    class Later(BaseModel):
        at: dt.time
        days: list[dt.date] = []
        until: dt.datetime | None = None
        page: Annotated[str, WithJsonSchema({"type": "string", "format": URL.name})] = ""
        code: str = ""

    schema = editor_schema(Later.model_json_schema(), numbers_are_text=True)
    properties = schema["properties"]
    assert properties["at"]["pattern"] == FORMS["time"].pattern and "format" not in properties["at"]
    assert properties["days"]["items"]["pattern"] == FORMS["date"].pattern
    assert properties["until"]["anyOf"][0]["pattern"] == FORMS["date-time"].pattern
    assert properties["until"]["anyOf"][0]["patternErrorMessage"] == "expected a date and time like 2024-03-05T23:59"
    assert properties["page"]["pattern"] == URL.pattern and "format" not in properties["page"]
    assert properties["code"]["type"] == ["string", "number"]


def test_a_format_without_a_form_stops_the_generation():
    class Later(BaseModel):
        token: uuid.UUID

    with pytest.raises(SchemaFormatError, match=r"#/properties/token: JSON Schema format 'uuid' has no written form"):
        editor_schema(Later.model_json_schema())


# -- each form against syllabuild's own reading --------------------------------------------------
# Where a form's texts go in a document, and which model field syllabuild reads them with.
PROBES = {
    "time": (Meeting, "start",
             lambda text: {"meetings": {"weekly": [{"kind": "lecture", "weekday": "monday", "start": text, "end": "23:59"}]}}),
    "date": (Lecture, "date", lambda text: {"lectures": [{"number": 1, "title": "A", "date": text}]}),
    "date-time": (Assignment, "due",
                  lambda text: {"assignments": [{"id": "a", "kind": "homework", "title": "A", "due": text}]}),
}
TEXTS = {
    "time": ["10:30", "00:00", "23:59", "10:30:15", "10:30:15.5", "10:30:15,5", "10:30Z", "10:30z", "10:30+02:00",
             "10:30-0530", "9:30", "24:00", "10:60", "10:30:60", "10:3", "1030", "10h30", "10:30 Z", "10:30+02",
             "10:30+24:00", "10:30:15.", "2pm", "noon", "١٠:٣٠"],
    "date": ["2024-03-05", "2024-02-29", "2024-3-5", "20240305", "2024-13-01", "2024-00-10", "2024-01-32", "2024-02-30",
             "March 5", "2024-01-16T00:00"],
    "date-time": ["2024-03-05T23:59", "2024-03-05 23:59", "2024-03-05t23:59", "2024-03-05_23:59", "2024-03-05",
                  "2024-03-05T23:59:59", "2024-03-05T23:59:59.123", "2024-03-05T23:59Z", "2024-03-05T23:59+02:00",
                  "2024-03-05T23:59:00 +02:00", "2024-3-5 9:05:00", "2024-3-5 9:05:00 +2", "2024-03-05  23:59:00",
                  "2024-03-05T24:00", "2024-03-05T23:59:60", "2024-03-05T9:05", "2024-03-05T23", "2024-03-05T",
                  "next friday", "1700000000", "2024-02-30T10:00"],
}
# Texts syllabuild reads but the schema refuses, or the other way round, on purpose.
KNOWN_DIFFERENCES = {
    ("date", "2024-01-16T00:00"): "a date field also takes a date-time at midnight; editors ask for the date alone",
    ("date-time", "1700000000"): "pydantic reads seconds since 1970, which no one means in a syllabus",
    ("date-time", "2024-02-30T10:00"): "a pattern does not know how long each month is",
}


def _syllabuild_reads(form: str, text: str) -> bool:
    """Whether the loader and the model take `text` for the form's field, written plain or quoted."""
    model, field, _ = PROBES[form]
    for written in (text, json.dumps(text, ensure_ascii=False)):
        try:
            doc = parse_document(f"value: {written}\n", path=Path("probe.yaml"), display_name="probe.yaml")
        except SyllabusError:
            continue
        if doc.value_problems:
            continue
        try:
            model.model_validate({field: doc.data["value"]})
            return True
        except ValidationError as error:
            if not any(item["loc"][:1] == (field,) for item in error.errors()):
                return True
    return False


def _probe_document(form: str, text: str) -> dict:
    return {"course": {"title": "X"}, **PROBES[form][2](text)}


def test_every_form_accepts_what_syllabuild_reads():
    differences = {
        (form, text)
        for form, texts in TEXTS.items()
        for text in texts
        if _syllabuild_reads(form, text) != (not schema_errors(_probe_document(form, text)))
    }
    assert differences == set(KNOWN_DIFFERENCES)


def test_the_probed_fields_carry_their_form():
    for form, (model, field, _) in PROBES.items():
        property_schema = json.dumps(SCHEMA["$defs"][model.__name__]["properties"][field])
        assert json.dumps(FORMS[form].pattern) in property_schema, (form, model.__name__, field)


def test_url_form_matches_the_model_url_check():
    texts = ["https://example.org/a", "HTTP://X", "mailto:a@b.c", "course-plan.md", "  https://x  ", "", " ",
             "javascript:alert(1)", "https://a b", "ftp://x", "docs/a:b", "http:foo",
             "https://he.wikipedia.org/wiki/למידה"]
    adapter = TypeAdapter(Url)

    def model_takes(text: str) -> bool:
        try:
            adapter.validate_python(text)
            return True
        except ValidationError:
            return False

    assert {text: bool(re.search(URL.pattern, text)) for text in texts} == {text: model_takes(text) for text in texts}


# -- the sample and the fixtures -----------------------------------------------------------------
def test_valid_fixtures_are_syllabi_and_the_others_are_not():
    from syllabuild.syllabus import load_syllabus

    for path in VALID.values():
        load_syllabus(path, root=path.parent)
    for name in NOT_SYLLABI:
        with pytest.raises(SyllabusError):
            load_syllabus(FIXTURES / name / "syllabus.yaml", root=FIXTURES / name)


@pytest.mark.parametrize("name", VALID)
def test_schema_accepts_every_valid_syllabus(name: str):
    assert schema_errors(editor_data(VALID[name])) == []


def _flagged_by_the_schema(path: Path) -> bool:
    try:
        data = editor_data(path)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return False
    return bool(schema_errors(data))


def test_schema_flags_every_invalid_fixture_it_can_express():
    not_flagged = {name for name, path in INVALID.items() if not _flagged_by_the_schema(path)}
    assert not_flagged == set(BEYOND_THE_SCHEMA)


# -- VS Code's JSON language service -------------------------------------------------------------
@pytest.fixture(scope="module")
def editor_diagnostics() -> dict[str, list[dict]]:
    """Diagnostics of the language service for every document here, from one node process."""
    documents = {f"valid/{name}": editor_data(path) for name, path in VALID.items()}
    for name, path in INVALID.items():
        # alias_bomb is 6 MB once expanded, recursive_alias a list inside itself: jsonschema checks them
        if name in BEYOND_THE_SCHEMA or name in ("alias_bomb", "recursive_alias"):
            continue
        documents[f"invalid/{name}"] = editor_data(path)
    for form, texts in TEXTS.items():
        for text in texts:
            documents[f"{form}/{text}"] = _probe_document(form, text)
    texts = {name: json.dumps(data, indent=2, ensure_ascii=False) for name, data in documents.items()}
    completed = subprocess.run(
        [_node(), str(LANGUAGE_SERVICE / "diagnose.js")], input=json.dumps({"schema": SCHEMA, "documents": texts}),
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"the language service failed:\n{completed.stderr}", pytrace=False)
    return json.loads(completed.stdout)


def _node() -> str:
    """node, with the pinned vscode-json-languageservice installed beside diagnose.js (git-ignored)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "the schema checks run VS Code's JSON language service and found no node or npm on PATH: "
            "run `apt-get install npm` (.ci/run does this)",
            pytrace=False,
        )
    pinned = json.loads((LANGUAGE_SERVICE / "package.json").read_text())["dependencies"]["vscode-json-languageservice"]
    installed = LANGUAGE_SERVICE / "node_modules" / "vscode-json-languageservice" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != pinned:
        command = [npm, "ci", "--prefix", str(LANGUAGE_SERVICE), "--no-audit", "--no-fund"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0 or not installed.exists():
            pytest.fail(f"`{' '.join(command)}` failed:\n{completed.stderr}", pytrace=False)
    return node


def test_the_editor_underlines_nothing_in_valid_syllabi(editor_diagnostics):
    underlined = {name: found for name, found in editor_diagnostics.items() if name.startswith("valid/") and found}
    assert underlined == {}
    assert len([name for name in editor_diagnostics if name.startswith("valid/")]) == len(VALID)


def test_the_editor_flags_what_the_schema_flags(editor_diagnostics):
    missed = {name.removeprefix("invalid/") for name, found in editor_diagnostics.items()
              if name.startswith("invalid/") and not found}
    assert missed == set(LOOSE_IN_THE_EDITOR)


def test_the_editor_reads_each_form_as_jsonschema_does(editor_diagnostics):
    differences = {
        (form, text)
        for form, texts in TEXTS.items()
        for text in texts
        if bool(editor_diagnostics[f"{form}/{text}"]) != bool(schema_errors(_probe_document(form, text)))
    }
    # format: date again: jsonschema knows month lengths, the editor only the digits.
    assert differences == {("date", "2024-02-30")}


def test_the_editor_says_what_is_expected(editor_diagnostics):
    assert [d["message"] for d in editor_diagnostics["time/24:00"]] == ["expected a time like 10:30"]
    assert [d["message"] for d in editor_diagnostics["date-time/next friday"]] == [
        "expected a date and time like 2024-03-05T23:59"
    ]
