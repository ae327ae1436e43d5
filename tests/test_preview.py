"""`make serve`: an edit to data/ shows in the live preview without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

from scripts.steps import markers as steps
from scripts.core.pages import all_pages
from tests.conftest import copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, limit: float):
    """Poll until predicate() is truthy; give up after `limit` seconds (a hang guard, not a speed test)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return None


def serve(project, port: int, *args: str) -> subprocess.Popen:
    """`make serve` on a copy: its output goes to a file that the test can read while it runs."""
    log = open(project.root / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([sys.executable, "-m", "scripts", "serve", "--port", str(port), *args],
                            cwd=project.root, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            stdout=log, stderr=subprocess.STDOUT, text=True)


def output(project) -> str:
    return (project.root / "serve.log").read_text(encoding="utf-8")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


@pytest.mark.parametrize("language", ["es", None])
def test_data_edit_refreshes_the_preview(tmp_path, language):
    project = copy_project(tmp_path / "copy")
    port = free_port()
    server = serve(project, port, *(["--lang", language] if language else []))
    try:
        # a Spanish page that shows a procedure, and that procedure's first step
        page = next(p for p in all_pages(project)["es"] if steps.find_regions(p.text, p.rel))
        procedure_id = steps.find_regions(page.text, page.rel)[0].procedure_id
        url = f"http://127.0.0.1:{port}/{page.url}"
        assert wait_for(lambda: fetch(url), 120), "mkdocs serve did not start"
        data_file = project.data_dir / "procedures.yml"
        data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        procedure = next(p for p in data["procedures"] if p["id"] == procedure_id)
        procedure["steps"][0]["es"] += " Marcavisible."
        data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert wait_for(lambda: "Marcavisible." in (fetch(url) or ""), 60), "the preview did not show the data edit"
        # the page file itself was not touched: only `make sync` writes pages
        assert "Marcavisible" not in page.path.read_text(encoding="utf-8")
    finally:
        stop(server)


def test_the_preview_starts_with_a_mistake_shows_it_and_recovers_on_save(tmp_path):
    project = copy_project(tmp_path / "copy")
    page = project.docs_dir / "es" / "problemas" / "correo-no-llega.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("(#correo-funciona)", "(#correo-funsiona)", 1), encoding="utf-8")
    port = free_port()
    server = serve(project, port)
    url = f"http://127.0.0.1:{port}/problemas/correo-no-llega/"
    try:
        assert wait_for(lambda: fetch(url), 120), "the preview did not start:\n" + output(project)
        line = good.splitlines().index("- [No, no está](#correo-funciona)") + 1
        message = (f"docs/es/problemas/correo-no-llega.md:{line}: tree 'problemas/correo-no-llega' (Spanish), node "
                   "'revisar-spam': the answer 'No, no está' points to '#correo-funsiona', which is not a node on "
                   "this page (did you mean '#correo-funciona'?)")
        assert wait_for(lambda: message in output(project), 30), output(project)
        assert "Traceback" not in output(project)
        assert 'data-tree' not in fetch(url), "a broken tree shows as plain headings and links"
        page.write_text(good, encoding="utf-8")
        assert wait_for(lambda: 'data-tree' in (fetch(url) or ""), 60), "the preview did not recover"
    finally:
        stop(server)


def test_a_second_preview_on_the_same_port_says_so_in_one_line(tmp_path):
    project = copy_project(tmp_path / "copy")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "scripts", "serve", "--port", str(port)], cwd=project.root,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"make serve: port {port} is already in use (is another make serve running?); "
                                   f"try: make serve PORT={port + 1}")


def test_an_english_preview_keeps_english_at_en_and_hides_the_spanish_link(tmp_path):
    project = copy_project(tmp_path / "copy")
    port = free_port()
    server = serve(project, port, "--lang", "en")
    try:
        page = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/en/recuperar-clave/"), 120)
        assert page, output(project)
        assert 'lang="en"' in page and "language-link" not in page
        assert fetch(f"http://127.0.0.1:{port}/recuperar-clave/") is None, "Spanish is not built"
    finally:
        stop(server)
