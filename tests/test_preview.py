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

from scripts import steps
from scripts.pages import all_pages
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


@pytest.mark.parametrize("language", ["es", None])
def test_data_edit_refreshes_the_preview(tmp_path, language):
    project = copy_project(tmp_path / "copy")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if language:
        env["BUILD_ONLY_LOCALE"] = language
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        server.terminate()
        server.wait(timeout=20)
