"""The snippet settings of a project, read from its mkdocs.yml without running MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from syllabuild.snippets.engine import EngineSettings
from syllabuild.snippets.fences import SnippetSources
from syllabuild.snippets.model import SnippetOptions
from syllabuild.snippets.options import parse_size


class ProjectError(Exception):
    """mkdocs.yml cannot be read or its `syllabuild` settings are invalid."""


@dataclass(frozen=True)
class SnippetProject:
    project_dir: Path
    snippets_dir: str
    lectures_dir: str
    cache_dir: Path
    sources: SnippetSources
    engine: EngineSettings


def load_project(config_file: Path) -> SnippetProject:
    """Settings from `config_file`'s `plugins: - syllabuild:` entry; defaults when there is none."""
    from mkdocs.utils.yaml import yaml_load

    from syllabuild.plugin.config import SyllabuildConfig

    options: dict = {}
    if config_file.is_file():
        with config_file.open(encoding="utf-8") as stream:
            try:
                mkdocs = yaml_load(stream) or {}
            except Exception as error:  # noqa: BLE001 - any YAML problem is the user's to fix
                raise ProjectError(f"{config_file}: not valid YAML: {error}") from None
        for entry in mkdocs.get("plugins") or []:
            if isinstance(entry, dict) and "syllabuild" in entry:
                options = entry["syllabuild"] or {}
    config = SyllabuildConfig(config_file_path=str(config_file))
    config.load_dict(options)
    failed, _ = config.validate()
    if failed:
        raise ProjectError("; ".join(f"{config_file}: plugins.syllabuild.{key}: {error}" for key, error in failed))
    return project_from_config(config, config_file.resolve().parent, progress=False)


def default_project(project_dir: Path) -> SnippetProject:
    """Settings as if mkdocs.yml said nothing about syllabuild."""
    from syllabuild.plugin.config import SyllabuildConfig

    config = SyllabuildConfig(config_file_path=str(project_dir / "mkdocs.yml"))
    config.load_dict({})
    config.validate()
    return project_from_config(config, project_dir.resolve(), progress=False)


def project_from_config(config, project_dir: Path, progress: bool = True) -> SnippetProject:
    """Settings from a validated `SyllabuildConfig` (the plugin's own, or one read by `load_project`)."""
    snippets = config.snippets
    defaults = SnippetOptions(timeout=float(snippets.timeout), memory=parse_size(snippets.memory),
                              figures=snippets.figures)
    cache_dir = project_dir / config.cache_dir
    engine = EngineSettings(project_dir, cache_dir, config.snippets_dir, snippets.workers, snippets.seed,
                            progress and snippets.progress)
    return SnippetProject(project_dir, config.snippets_dir, config.lectures_dir, cache_dir,
                          SnippetSources(project_dir, config.snippets_dir, defaults), engine)
