"""The syllabus: loading, validating and positioning every value of syllabus.yaml."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from syllabuild.syllabus.errors import Problem, SyllabusError
from syllabuild.syllabus.model import Syllabus
from syllabuild.syllabus.rules import course_problems
from syllabuild.syllabus.source import Document, load_document, parse_document
from syllabuild.syllabus.validate import partial_syllabus, pydantic_problems, validation_context

__all__ = [
    "Document",
    "Problem",
    "Syllabus",
    "SyllabusError",
    "load_document",
    "load_syllabus",
    "load_with_document",
    "parse_syllabus",
]


def load_with_document(path: Path, *, root: Path | None = None, snippets_dir: str = "snippets") -> tuple[Syllabus, Document]:
    """Load, validate and check `path`; raises SyllabusError with every problem at once.

    Args:
        path: the syllabus file.
        root: project folder to resolve referenced files (notes, snippets, notebooks) against;
            None skips the file checks.
        snippets_dir: the project's snippets folder, relative to `root` (lectures name snippet files in it).
    """
    display = _display_name(path, root)
    doc = load_document(path, display_name=display)
    return _validate(doc, root=root, snippets_dir=snippets_dir), doc


def load_syllabus(path: Path, *, root: Path | None = None, snippets_dir: str = "snippets") -> Syllabus:
    """Load and validate a syllabus file (see `load_with_document`)."""
    return load_with_document(path, root=root, snippets_dir=snippets_dir)[0]


def parse_syllabus(text: str, *, name: str = "syllabus.yaml", root: Path | None = None,
                   snippets_dir: str = "snippets") -> Syllabus:
    """Validate syllabus text held in memory (tests, editors, a file about to be written)."""
    doc = parse_document(text, path=Path(name), display_name=name)
    return _validate(doc, root=root, snippets_dir=snippets_dir)


def _validate(doc: Document, *, root: Path | None, snippets_dir: str = "snippets") -> Syllabus:
    if not isinstance(doc.data, dict):
        raise SyllabusError([doc.problem((), "expected a mapping with a `course:` key at the top")])
    context = validation_context(doc.data)
    try:
        syllabus = Syllabus.model_validate(doc.data, context=context)
    except ValidationError as error:
        known = {problem.path for problem in doc.value_problems}
        problems = [p for p in pydantic_problems(doc, error) if p.path not in known]
        problems += course_problems(doc, partial_syllabus(doc.data, context), root=root, snippets_dir=snippets_dir)
        raise SyllabusError([*doc.value_problems, *problems]) from None
    problems = [*doc.value_problems, *course_problems(doc, syllabus, root=root, snippets_dir=snippets_dir)]
    if problems:
        raise SyllabusError(problems)
    return syllabus


def _display_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return path.name
