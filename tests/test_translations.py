"""Outdated translations: each translation records the commit of its source page (temporary git repos)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.core import check as check_module
from scripts.writing import translations
from scripts.core.errors import ContentErrors
from scripts.core.project import Project
from scripts.core.session import Session
from scripts.core.report import Report
from tests.miniproject import MKDOCS

ROOT = Path(__file__).resolve().parent.parent

SOURCE = """\
---
description: Una página.
---

# Página {#pagina}

Texto en español.

<!-- steps: recuperar -->
<ol class="steps"><li>Paso uno.</li></ol>
<!-- /steps -->
"""
TRANSLATION = "---\ndescription: A page.\n---\n\n# Page {#pagina}\n\nText in English.\n"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Project:
    """A git repository holding a two-language project with one committed page pair."""
    for key, value in {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                       "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
                       "GIT_CEILING_DIRECTORIES": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "guide"
    (root / "docs" / "es").mkdir(parents=True)
    (root / "docs" / "en").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs" / "es" / "a.md").write_text(SOURCE, encoding="utf-8")
    (root / "docs" / "en" / "a.md").write_text(TRANSLATION, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "first")
    return Project(root)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout.strip()


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def findings(project: Project) -> Report:
    report = Report()
    translations.check(Session(project), report)
    return report


def mark(project: Project, *paths: Path) -> None:
    for path, text, _ in translations.plan(project, list(paths) or None):
        path.write_text(text, encoding="utf-8")


def test_unmarked_translation_is_a_warning(repo):
    report = findings(repo)
    assert not report.errors
    [warning] = report.warnings
    assert warning.path == "docs/en/a.md" and warning.line == 1
    assert "translation_of" in warning.message and "make translated PAGE=docs/en/a.md" in warning.hint


def test_mark_records_the_last_commit_of_the_source(repo):
    head = git(repo.root, "rev-parse", "HEAD")
    mark(repo, repo.docs_dir / "en" / "a.md")
    text = (repo.docs_dir / "en" / "a.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\ndescription: A page.\ntranslation_of: {head}\n---\n")
    assert findings(repo).warnings == []
    # Marking again replaces the line instead of adding another.
    commit(repo.root, "mark")
    mark(repo)
    assert (repo.docs_dir / "en" / "a.md").read_text(encoding="utf-8").count("translation_of:") == 1


def test_a_committed_change_to_the_source_makes_the_translation_outdated(repo):
    mark(repo)
    commit(repo.root, "mark")
    edit(repo.docs_dir / "es" / "a.md", "Texto en español.", "Texto nuevo en español.")
    commit(repo.root, "Reescribe el texto")
    [warning] = findings(repo).warnings
    assert warning.path == "docs/en/a.md" and warning.line == 3  # the translation_of line
    assert "may be outdated: docs/es/a.md changed since" in warning.message
    assert "1 commit(s)" in warning.message
    assert "Reescribe el texto" in warning.detail
    assert "make translated PAGE=docs/en/a.md" in warning.hint
    # Recording the new version clears it.
    mark(repo)
    assert findings(repo).warnings == []


def test_changes_only_inside_step_regions_do_not_count(repo):
    mark(repo)
    commit(repo.root, "mark")
    edit(repo.docs_dir / "es" / "a.md", "Paso uno.", "Paso uno, ahora distinto.")
    commit(repo.root, "make sync")
    assert findings(repo).warnings == []


def test_an_uncommitted_change_is_reported_and_blocks_marking(repo):
    mark(repo)
    commit(repo.root, "mark")
    edit(repo.docs_dir / "es" / "a.md", "Texto en español.", "Otro texto.")
    [warning] = findings(repo).warnings
    assert "changes not committed yet" in warning.message
    with pytest.raises(ContentErrors) as caught:
        mark(repo, repo.docs_dir / "en" / "a.md")
    [error] = caught.value.errors
    assert str(error) == ("docs/es/a.md: has changes that are not committed yet "
                          "(commit the source page first: a translation records its commit)")


def test_a_source_page_that_was_never_committed_cannot_be_marked(repo):
    (repo.docs_dir / "es" / "b.md").write_text("# B {#b}\n", encoding="utf-8")
    (repo.docs_dir / "en" / "b.md").write_text("# B {#b}\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        mark(repo, repo.docs_dir / "es" / "b.md")
    assert [e.path for e in caught.value.errors] == ["docs/es/b.md"]


def test_a_page_that_is_not_there_cannot_be_marked(repo):
    with pytest.raises(ContentErrors) as caught:
        mark(repo, repo.root / "docs" / "en" / "nada.md")
    assert str(caught.value.errors[0]) == ("docs/en/nada.md: no such page "
                                           "(give a page path such as docs/en/index.md)")


def test_a_malformed_commit_is_an_error_with_its_line(repo):
    edit(repo.docs_dir / "en" / "a.md", "description: A page.\n", "description: A page.\ntranslation_of: ayer\n")
    report = findings(repo)
    [error] = report.errors
    assert str(error).startswith("docs/en/a.md:3: 'translation_of: ayer' is not a git commit ID")


def test_a_commit_missing_from_a_shallow_clone_says_how_to_fetch_it(repo, tmp_path):
    mark(repo)
    commit(repo.root, "mark")
    edit(repo.docs_dir / "es" / "a.md", "Texto en español.", "Texto nuevo.")
    commit(repo.root, "change")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    [warning] = findings(Project(clone)).warnings
    assert "is not in this clone" in warning.message
    assert "fetch-depth: 0" in warning.hint


def test_without_git_the_check_warns_once(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    [warning] = findings(repo).warnings
    assert warning.message == "translations not checked for freshness: git is not installed"


def test_outside_a_repository_the_check_warns_once(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "plain"
    (root / "docs" / "es").mkdir(parents=True)
    (root / "docs" / "en").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs" / "es" / "a.md").write_text(SOURCE, encoding="utf-8")
    (root / "docs" / "en" / "a.md").write_text(TRANSLATION, encoding="utf-8")
    [warning] = findings(Project(root)).warnings
    assert "is not inside a git repository" in warning.message


def test_strict_mode_turns_outdated_translations_into_errors(repo, monkeypatch):
    monkeypatch.setattr(check_module, "SOURCE_CHECKS", ["scripts.writing.translations:check"])
    assert check_module.run(repo, build_site=False).warnings
    report = check_module.run(repo, build_site=False, strict=True)
    assert report.errors and not report.warnings


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=root, env=env,
                          capture_output=True, text=True)


def test_command_line(repo):
    done = cli(repo.root, "translated")
    assert done.returncode == 2 and "PAGE=docs/en/x.md" in done.stderr
    done = cli(repo.root, "translated", "docs/en/a.md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("marked docs/en/a.md as a translation of ")
    edit(repo.docs_dir / "es" / "a.md", "Texto en español.", "Otro.")
    done = cli(repo.root, "outdated")
    assert done.returncode == 1 and done.stdout.startswith("warning: docs/en/a.md:3: may be outdated")
    done = cli(repo.root, "translated", "--all")
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["docs/es/a.md: has changes that are not committed yet "
                                        "(commit the source page first: a translation records its commit)"]
