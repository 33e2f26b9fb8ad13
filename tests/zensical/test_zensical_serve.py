"""`serve`: the site at site_url's path, rebuilt on changes, the last good one kept when a rebuild fails."""

from __future__ import annotations

import importlib
import logging
import socket
import threading
import urllib.request

import pytest
from zensical_harness import Course, read

from syllabuild.zensical import serve

# The module, not the function the package exports under the same name.
serve_module = importlib.import_module("syllabuild.zensical.serve")


class FakeServer:
    """Stands in for LiveReloadServer: records what `serve` asks, and runs `script` instead of serving."""

    script = staticmethod(lambda server: None)

    def __init__(self, builder, host, port, root, mount_path, polling_interval=0.5):
        self.builder, self.root, self.mount_path = builder, root, mount_path
        self.polling_interval = polling_interval
        self.url = f"http://{host}:{port}{mount_path}"
        self.watched: list[str] = []
        self.stopped = False

    def watch(self, path):
        self.watched.append(path)

    def serve(self):
        type(self).script(self)

    def shutdown(self):
        self.stopped = True


def test_a_failed_rebuild_keeps_the_last_good_site_and_the_next_good_one_replaces_it(course: Course, tmp_path,
                                                                                    monkeypatch, caplog):
    site = tmp_path / "served"
    schedule = course.page("he", "schedule.md")
    seen = {}

    def script(server):
        seen["server"] = server
        seen["first"] = read(site, "he/schedule/")
        schedule.write_text("---\ntitle: [unclosed\n---\n# לוח זמנים\n", encoding="utf-8")
        server.builder()
        seen["after failure"] = read(site, "he/schedule/")
        schedule.write_text("# לוח זמנים\n\nהשבוע השלישי עבר ליום חמישי.\n", encoding="utf-8")
        server.builder()
        seen["after fix"] = read(site, "he/schedule/")

    monkeypatch.setattr(FakeServer, "script", staticmethod(script))
    monkeypatch.setattr(serve_module, "LiveReloadServer", FakeServer)
    with caplog.at_level(logging.ERROR, logger="syllabuild.zensical"):
        serve(lambda: course.tree, [course.root / "he"], course.config, site_dir=site, work_dir=tmp_path / "work")

    server = seen["server"]
    assert server.mount_path == "/deep-learning/" and server.watched == [str(course.root / "he")]
    assert server.stopped
    assert "שבוע" in seen["first"] and seen["after failure"] == seen["first"]
    assert "Zensical could not build the he edition: error reading page metadata 'schedule.md'" in caplog.text
    assert "השבוע השלישי עבר ליום חמישי." in seen["after fix"]
    # While serving, absolute URLs lead to the local server.
    sitemap = (site / "he" / "sitemap.xml").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8000/deep-learning/he/schedule/" in sitemap


def test_the_site_is_served_at_site_urls_path_with_the_reload_script(course: Course, tmp_path, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    servers = []

    class Recorded(serve_module.LiveReloadServer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            servers.append(self)

    monkeypatch.setattr(serve_module, "LiveReloadServer", Recorded)
    thread = threading.Thread(
        target=serve, daemon=True, args=(lambda: course.tree, [course.root / "en"], course.config),
        kwargs={"site_dir": tmp_path / "served", "work_dir": tmp_path / "work", "port": port})
    thread.start()
    try:
        page = _get(f"http://127.0.0.1:{port}/deep-learning/he/lectures/01-intro/")
        missing = _get(f"http://127.0.0.1:{port}/deep-learning/nope/", expect=404)
    finally:
        if servers:
            servers[0].shutdown()
        thread.join(timeout=10)
    assert 'lang="he"' in page and "הרצאה 1: מבוא" in page and "var livereload" in page  # the reload script
    assert 'lang="en"' in missing  # Zensical's 404.html
    assert not thread.is_alive()


def _get(url: str, *, expect: int = 200, attempts: int = 100) -> str:
    """The body at `url`, waiting for the server to come up (the first build runs before it serves)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == expect
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            if error.code == expect:
                return error.read().decode("utf-8")
            raise
        except (ConnectionError, urllib.error.URLError):
            threading.Event().wait(0.1)
    pytest.fail(f"nothing served at {url}")
