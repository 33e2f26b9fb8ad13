"""`syllabuild links` on the sample course: what staff see, and the exit status CI sees."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest
from werkzeug import Response

from syllabuild.commands import links as links_command

FIXTURE = Path(__file__).parent.parent / "fixtures" / "links_course"
EXPECTED = FIXTURE / "expected"
PLACEHOLDER = "http://course-server.invalid"


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    links_command.register(parser.add_subparsers())
    args = parser.parse_args(["links", *argv])
    return args.func(args)


@pytest.fixture
def course(tmp_path, httpserver):
    """The sample course copied to tmp_path with its links pointing at the local server."""
    project = tmp_path / "course"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("expected"))
    server = httpserver.url_for("").rstrip("/")
    for path in project.rglob("*"):
        if path.suffix in {".yaml", ".md", ".ipynb", ".html"}:
            path.write_text(path.read_text().replace(PLACEHOLDER, server))
    return project


def serve_course(httpserver) -> None:
    ok = ["/home", "/slides/01.pdf", "/rec/01/", "/mirror/01", "/notes", "/data", "/theme-only"]
    for path in ok:
        httpserver.expect_request(path).respond_with_data("fine")
    httpserver.expect_request("/rec/01").respond_with_response(Response(status=301, headers={"Location": "/rec/01/"}))
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/missing-paper").respond_with_data("no", status=404)
    httpserver.expect_request("/teapot").respond_with_data("no", status=418)
    httpserver.expect_request("/members-only").respond_with_data("login", status=403)
    httpserver.expect_request("/answers").respond_with_response(Response(status=429, headers={"Retry-After": "3600"}))


def test_offline_reports_internal_failures_at_their_html_line(monkeypatch, capsys):
    monkeypatch.chdir(FIXTURE)
    assert run_cli("--offline", "--format", "github") == 1
    assert capsys.readouterr().out == (EXPECTED / "offline.github.txt").read_text()


def test_online_reports_each_failure_where_it_is_written(course, httpserver, monkeypatch, capsys):
    serve_course(httpserver)
    monkeypatch.chdir(course)
    assert run_cli("--format", "github") == 1
    server = httpserver.url_for("").rstrip("/")
    expected = (EXPECTED / "online.github.txt").read_text().replace(PLACEHOLDER, server)
    assert capsys.readouterr().out == expected


def test_online_requests_each_url_once_and_never_excluded_ones(course, httpserver, monkeypatch, capsys):
    serve_course(httpserver)
    monkeypatch.chdir(course)
    run_cli("--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["excluded"] == 1
    asked = [(request.method, request.path) for request, _ in httpserver.log]
    assert {method for method, _ in asked} == {"GET"}
    paths = [path for _, path in asked]
    assert len(paths) == len(set(paths))
    assert "/forum" not in paths


def test_successes_are_cached_and_failures_rechecked(course, httpserver, monkeypatch, capsys):
    serve_course(httpserver)
    monkeypatch.chdir(course)
    run_cli("--format", "json")
    assert (course / ".cache" / "syllabuild" / "links" / "results.json").is_file()
    httpserver.clear_log()
    run_cli("--format", "json")
    second = {request.path for request, _ in httpserver.log}
    assert second == {"/gone", "/missing-paper", "/teapot", "/answers"}


def test_unverifiable_alone_passes_unless_configured_to_fail(course, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/paper").respond_with_data("bot wall", status=403)
    shutil.rmtree(course / "lectures")
    (course / "syllabus.yaml").write_text(f"readings:\n  - {httpserver.url_for('/paper')}\n")
    (course / "docs" / "index.md").write_text("# Home\n")
    monkeypatch.chdir(course)
    site_dir = course / "empty-site"
    site_dir.mkdir()
    assert run_cli("--site-dir", str(site_dir)) == 0
    assert "Unverifiable (not failing): 1" in capsys.readouterr().out
    config = (course / "mkdocs.yml").read_text().replace("retries: 1", "retries: 1\n        unverifiable_fails: true")
    (course / "mkdocs.yml").write_text(config)
    assert run_cli("--site-dir", str(site_dir), "--format", "github") == 1
    assert "::error file=syllabus.yaml,line=2,col=5,title=Unverifiable link::readings[0]:" in capsys.readouterr().out


def test_missing_site_cannot_run(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - syllabuild\n")
    monkeypatch.chdir(tmp_path)
    assert run_cli("--offline") == 2
    assert "site: no built site here; build it first" in capsys.readouterr().out


def test_bad_settings_cannot_run_and_are_all_reported(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - syllabuild:\n      links:\n        exclude: ['(']\n        timeout: soon\n"
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli("--format", "github") == 2
    out = capsys.readouterr().out
    assert "plugins.syllabuild.links" in out and "timeout" in out


def test_unparsable_syllabus_cannot_run(course, monkeypatch, capsys):
    (course / "syllabus.yaml").write_text("lectures:\n  - title: [unclosed\n")
    monkeypatch.chdir(course)
    assert run_cli("--offline", "--format", "github") == 2
    assert "syllabus.yaml:3:1: not valid YAML" in capsys.readouterr().out


def test_no_host_answering_means_could_not_run_not_broken(course, httpserver, monkeypatch, capsys):
    # Nothing listens on port 9 of either address: as if the runner had no network.
    server = httpserver.url_for("").rstrip("/")
    for path in course.rglob("*"):
        if path.suffix in {".yaml", ".md", ".ipynb", ".html"}:
            text = path.read_text().replace(server + "/home", "http://127.0.0.2:9/home")
            path.write_text(text.replace(server, "http://127.0.0.1:9"))
    (course / "mkdocs.yml").write_text((course / "mkdocs.yml").read_text().replace("retries: 1", "retries: 0"))
    monkeypatch.chdir(course)
    assert run_cli("--format", "github") == 2
    assert "the network looks unreachable" in capsys.readouterr().out
