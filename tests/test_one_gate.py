"""One gate: every editor mistake gets one clear line from `make check`, and whatever passes
`make check --strict` (what CI and `make release` run) publishes.

Each mistake (tests/mistakes.py) is made on a copy of the project; `python -m scripts check`
must exit 1, print exactly the expected `path:line: message (hint)` lines as its errors,
print no traceback, and write nothing into docs/, data/ or deploy/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import mistakes
from tests.conftest import ROOT, copy_project

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
NOISE = ("  ", "readability", "make check:")


def snapshot(root: Path) -> dict[str, str]:
    """A hash of every file an editor owns, to see that a check wrote nothing."""
    out = {}
    for folder in ("docs", "data", "deploy"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    out["mkdocs.yml"] = hashlib.sha256((root / "mkdocs.yml").read_bytes()).hexdigest()
    return out


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "check", *args], cwd=root, env=ENV,
                          capture_output=True, text=True, encoding="utf-8")


def errors_of(result: subprocess.CompletedProcess) -> list[str]:
    """The error lines: what is not a warning, a note, a detail line or the summary."""
    return [line for line in result.stderr.splitlines()
            if not line.startswith(NOISE) and not line.startswith("warning: ")]


def warnings_of(result: subprocess.CompletedProcess) -> list[str]:
    return [line[len("warning: "):] for line in result.stderr.splitlines() if line.startswith("warning: ")]


def assert_clean_failure(result, expected: list[str], before: dict, after: dict) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    assert sorted(errors_of(result)) == sorted(expected), output
    assert before == after, "make check wrote into the project"


@pytest.mark.parametrize("mistake", mistakes.SOURCE, ids=[m.name for m in mistakes.SOURCE])
def test_each_source_mistake_gets_its_one_line(tmp_path, mistake):
    root = tmp_path / "copy"
    copy_project(root)
    if mistake.strict:
        committed(root)  # a release also checks the translations against the git history
    expected = mistake.apply(root)
    before = snapshot(root)
    if mistake.strict:
        # a warning in make check (exit 0), an error in make release
        relaxed = run_check(root, "--no-build")
        assert relaxed.returncode == 0 and "Traceback" not in relaxed.stderr, relaxed.stderr
        assert set(expected) <= set(warnings_of(relaxed)), relaxed.stderr
        result = run_check(root, "--no-build", "--strict")
    else:
        result = run_check(root, "--no-build")
    assert_clean_failure(result, expected, before, snapshot(root))


def committed(root: Path) -> None:
    """Make a copy a git repository whose translations are recorded as up to date."""
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "copy")
    cli(root, "translated", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-am", "translations")


@pytest.mark.parametrize("group", mistakes.SITE, ids=[" + ".join(m.name for m in g) for g in mistakes.SITE])
def test_each_site_mistake_gets_its_one_line_at_the_page(tmp_path, group):
    root = tmp_path / "copy"
    copy_project(root)
    expected = [line for mistake in group for line in mistake.apply(root)]
    before = snapshot(root)
    result = run_check(root, "--site-dir", str(tmp_path / "site"))
    assert_clean_failure(result, expected, before, snapshot(root))


def test_there_are_more_than_twenty_mistakes_beyond_the_issues_own():
    assert len(mistakes.SOURCE) + sum(len(g) for g in mistakes.SITE) >= 15 + 20


# ---------------------------------------------------------------------------
# The editor's path, end to end


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                          env=dict(ENV, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
                                   GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org"))
    return done.stdout


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "scripts", *args], cwd=root, env=ENV,
                            capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


@pytest.mark.slow
def test_the_faq_recipe_in_contributing_ends_in_a_release_that_passes(tmp_path):
    """Follow CONTRIBUTING's "Add an answer to the FAQ" on a clone, command by command."""
    root = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(root)], check=True)
    # the clone holds the history; bring the working tree's files, as committed work
    for name in ("mkdocs.yml", "docs", "data", "scripts", "overrides", "deploy"):
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        source = ROOT / name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir() \
            else shutil.copy2(source, target)
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "--allow-empty", "-m", "the tree under test")
    cli(root, "translated", "--all")
    cli(root, "lock-anchors")
    git(root, "commit", "--quiet", "--allow-empty", "-am", "baseline")

    recipe = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in ("make check", "make translated PAGE=docs/en/preguntas-frecuentes.md",
                    "make translated PAGE=data/answers.yml", "make lock-anchors", "make release"):
        assert command in recipe, f"the recipe no longer says {command!r}"

    # 1–4: the question in both languages, with the same ID, and what it rests on
    mistakes.append(root / "docs/es/preguntas-frecuentes.md",
                    "\n## ¿Puedo hacerlo desde el celular? {#desde-el-celular}\n\n"
                    "Sí. El portal del IESS funciona en el navegador del celular.\n"
                    "Sigue la guía [Recuperar tu clave](recuperar-clave.md).\n")
    mistakes.append(root / "docs/en/preguntas-frecuentes.md",
                    "\n## Can I do it from my phone? {#desde-el-celular}\n\n"
                    "Yes. The IESS portal works in your phone's browser.\n"
                    "Follow the guide [Recover your key](recuperar-clave.md).\n")
    entry = recipe[recipe.index("     - id: preguntas-frecuentes#desde-el-celular"):]
    entry = entry[:entry.index("```")]
    mistakes.append(root / "data/answers.yml", "\n".join(line[3:] for line in entry.splitlines()) + "\n")
    # 5: make check passes, with the warnings the recipe announces
    checked = cli(root, "check", "--site-dir", str(tmp_path / "site1"))
    assert checked.returncode == 0, checked.stderr
    warned = warnings_of(checked)
    assert len(warned) == 3, warned
    assert any("docs/en/preguntas-frecuentes.md" in w and "may be outdated" in w for w in warned)
    assert any("data/answers.yml" in w and "English text is not marked as a translation" in w for w in warned)
    assert any("not published yet" in w and "preguntas-frecuentes.md" in w for w in warned)
    assert cli(root, "check", "--strict", "--no-build").returncode == 1, "the release would not be blocked"
    # 6–8: commit, record the translation, publish the ID, commit, release
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "FAQ: ¿Puedo hacerlo desde el celular?")
    assert cli(root, "translated", "docs/en/preguntas-frecuentes.md").returncode == 0
    assert cli(root, "translated", "data/answers.yml").returncode == 0
    assert cli(root, "lock-anchors").returncode == 0
    git(root, "commit", "--quiet", "-am", "Record the translation and publish #desde-el-celular")
    release = cli(root, "check", "--strict", "--site-dir", str(tmp_path / "site2"))
    assert release.returncode == 0, release.stderr
    assert warnings_of(release) == []
