"""The starter guide in examples/starter/: another service, in other languages, built and
checked by the same generator.

It proves that the generator knows nothing about the root guide's service: the starter
has English as its source language (served at /) and Spanish second (at /es/), English
IDs and tree classes, and none of the root guide's words. Each test works on a copy laid
out like the repository (<tmp>/examples/starter, <tmp>/overrides, <tmp>/docs/assets), so
nothing is written into the checkout, and nothing touches the network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.core import check
from scripts.core.project import Project

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "examples" / "starter"
ASSETS = ROOT / "docs" / "assets"
# The root guide's words: none may appear in the starter or in a page built from it.
ROOT_WORDS = re.compile(r"iess|biess|ecuador", re.IGNORECASE)
# Settings read from the environment by mkdocs.yml: unset, so the build is the default one.
ENV_SETTINGS = ("SITE_URL", "BUILD_ONLY_LOCALE", "GUIDE_STRICT", "GUIDE_PREVIEW")
# The only warnings the starter may give: translations whose freshness git cannot tell
# (not committed, or no git at all), and reviews that have grown old since it was written.
ALLOWED_WARNINGS = re.compile(r"translation_of|translations not checked for freshness|is older than \d+ days")


def copy_starter(target: Path) -> Path:
    """The starter and the generator's theme and assets, laid out as in the repository; the
    starter's root. Its docs/assets stays a relative symbolic link to <target>/docs/assets."""
    root = target / "examples" / "starter"
    shutil.copytree(STARTER, root, symlinks=True, ignore=shutil.ignore_patterns("site", "__pycache__"))
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ASSETS, target / "docs" / "assets")
    return root


def run_check(root: Path, site: Path):
    with pytest.MonkeyPatch.context() as patch:
        for name in ENV_SETTINGS:
            patch.delenv(name, raising=False)
        return check.run(Project(root), site_dir=site)


def lines(problems) -> str:
    return "\n".join(problem.report() for problem in problems)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """(starter root, built site, report) of one `check` of a copy of the starter."""
    base = tmp_path_factory.mktemp("starter")
    root = copy_starter(base / "repo")
    site = base / "site"
    report = run_check(root, site)
    return root, site, report


def text(path: Path) -> str:
    assert path.is_file(), f"{path} was not built"
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The checks pass


def test_check_reports_no_errors(checked):
    _, _, report = checked
    assert not report.errors, "the starter fails its checks:\n" + lines(report.errors)


def test_only_expected_warnings(checked):
    """Everything is synced, locked and recorded: no warning but git's and the calendar's."""
    _, _, report = checked
    unexpected = [w for w in report.warnings if not ALLOWED_WARNINGS.search(w.message)]
    assert not unexpected, "unexpected warnings:\n" + lines(unexpected)


def test_assets_are_the_generators():
    """The readers' CSS and JavaScript are not copied into the starter: a relative link."""
    assert (STARTER / "docs" / "assets").is_symlink()
    assert os.readlink(STARTER / "docs" / "assets") == "../../../docs/assets"
    assert (STARTER / "docs" / "assets" / "javascripts" / "tree.js").is_file()


# ---------------------------------------------------------------------------
# The built site


def test_english_home_at_root_and_spanish_under_es(checked):
    _, site, _ = checked
    home, home_es = text(site / "index.html"), text(site / "es" / "index.html")
    assert '<html lang="en"' in home
    assert '<html lang="es"' in home_es
    assert "What do you need?" in home
    assert "¿Qué necesitas?" in home_es
    # The language link of the notice bar goes to the same page in the other language.
    assert re.search(r'<a href="es/"[^>]*hreflang="es"[^>]*class="language-link"', home)
    assert re.search(r'<a href="\.\./?"[^>]*hreflang="en"[^>]*class="language-link"', home_es)
    assert (site / "404.html").is_file() and (site / "es" / "404.html").is_file()


def test_tree_page_with_english_classes(checked):
    _, site, _ = checked
    for prefix in ("", "es/"):
        page = text(site / prefix / "problems" / "email-not-arriving" / "index.html")
        assert 'data-tree=""' in page and 'data-start="check-spam"' in page
        for kind in ("question", "solution", "in-person"):
            assert f"tree-node--{kind}" in page
        assert 'class="tree-map"' in page
        # the author's restart class, and the generator's own for tree.js and the style sheet
        assert 'class="start-over tree-restart" href="#check-spam"' in page
        # Synced steps inside a node: a part of a procedure, keeping its anchors.
        assert 'id="unlock-at-desk-check-email"' in page and 'id="unlock-at-desk-ask-unlock"' not in page


def test_search_index_topic_page_and_tree_maps_in_both_languages(checked):
    """The starter's own words (data/search/, setting topic_index_page: topics.md): an index per
    language, the A–Z page, the notice bar's link to it, and the agents' page's tree maps."""
    import json

    _, site, _ = checked
    for prefix, code in (("", "en"), ("es/", "es")):
        docs = json.loads(text(site / "search" / f"{code}.json"))["docs"]
        assert any(d["u"] == prefix + "reset-pin/" for d in docs)
        topics = text(site / prefix / "topics" / "index.html")
        assert 'href="../reset-pin/"' in topics or 'href="../../reset-pin/"' in topics or "reset-pin/" in topics
        home = text(site / prefix / "index.html")
        assert 'class="site-search__topics-link" data-site-search-topics' in home and "topics/" in home
        assert "<svg" in text(site / prefix / "agents" / "index.html")


def test_agents_page_lists_every_page_in_both_languages(checked):
    _, site, _ = checked
    for prefix in ("", "es/"):
        page = text(site / prefix / "agents" / "index.html")
        assert 'class="answers"' in page and 'data-answers="../' in page
        assert 'data-id="reset-pin"' in page and 'data-id="problems/email-not-arriving"' in page
        assert "assets/javascripts/agents.js" in page
    exported = text(site / "answers.json")
    assert "https://guide.example.net/es/faq/#does-it-cost" in exported
    assert (site / "answers.csv").is_file()


def test_replies_in_both_languages_and_the_help_desk_files(checked):
    """The starter's replies: in answers.json with the evidence mark, and in every help-desk file."""
    import json

    from scripts.answers import helpdesk

    _, site, _ = checked
    rows = {row["id"]: row for row in json.loads(text(site / "answers.json"))["answers"]}
    cost = rows["faq#does-it-cost"]["reply"]
    assert cost["en"].startswith("No, a library card is free.") and cost["en"].endswith(
        "Reported by the press; we have not seen it on library pages.")
    assert cost["es"].startswith("No, la tarjeta de la biblioteca es gratis.")
    with_reply = [row for row in rows.values() if row["reply"]]
    assert {row["kind"] for row in with_reply} == {"page", "answer", "node"}
    zendesk = helpdesk.validate_zendesk(json.loads(text(site / "zendesk-macros.json")))
    assert len(zendesk.macros) == 2 * len(with_reply)
    assert zendesk.macros[0].title.startswith("English::")  # the source language first
    freshdesk = helpdesk.validate_freshdesk(json.loads(text(site / "freshdesk-canned-responses.json")))
    assert [folder.name for folder in freshdesk.canned_response_folders] == ["English", "Español"]
    assert text(site / "reply-book.md").startswith("# Replies for agents (English)\n")


def test_evidence_marks(checked):
    _, site, _ = checked
    steps = text(site / "reset-pin" / "index.html")
    assert re.search(r'<li class="evidence-run evidence-run--third-party" id="reset-pin-type-card">.*?'
                     r'<p class="evidence evidence--third-party">Steps 4 to 5: from unofficial guides only',
                     steps, re.S)
    faq = text(site / "es" / "faq" / "index.html")
    assert '<p class="evidence evidence--press">Según la prensa' in faq
    assert '<p class="evidence evidence--third-party">Según guías no oficiales' in faq
    table = text(site / "unlock-account" / "index.html")
    assert 'class="evidence evidence--press" href="#review-and-sources">The press only</a>' in table
    # A look-alike host is cited, never linked.
    about = text(site / "about" / "index.html")
    assert "rivertonlibraryhelp.example.net/account-tips (not an official site)" in about
    assert 'href="https://rivertonlibraryhelp' not in about


def test_moved_page_redirects_and_moved_ids_still_lead_somewhere(checked):
    _, site, _ = checked
    for prefix, words in (("", "This page has a new address"), ("es/", "Esta página cambió de dirección")):
        redirect = text(site / prefix / "problems" / "no-email" / "index.html")
        assert '<meta http-equiv="refresh" content="0; url=../email-not-arriving/">' in redirect
        assert words in redirect
    # The old title ID is kept inside the new title; the FAQ answer that moved points to its new place.
    assert 'id="no-email"' in text(site / "problems" / "email-not-arriving" / "index.html")
    assert re.search(r'<p class="anchor-moved" id="at-the-desk">[^<]*<a href="\.\./unlock-account/#at-the-desk">',
                     text(site / "faq" / "index.html"))


def test_review_due_and_official_domains(checked):
    _, site, _ = checked
    about = text(site / "about" / "index.html")
    assert "<!-- review-due -->" not in about
    assert re.search(r"Every review is up to date|Reviews due soon|Overdue reviews", about)
    security = text(site / "es" / "security" / "index.html")
    assert re.search(r'<div class="official-domains">.*<code>account\.library\.example\.org</code>', security, re.S)


# ---------------------------------------------------------------------------
# None of the root guide's words


def _files(folder: Path):
    """Every file under `folder`, without following symbolic links (docs/assets is the generator's)."""
    for parent, _, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(parent) / name
            if not path.is_symlink():
                yield path


def _found(path: Path, base: Path) -> list[str]:
    where = path.relative_to(base).as_posix()
    out = [f"{where} (its name)"] if ROOT_WORDS.search(where) else []
    data = path.read_bytes().decode("utf-8", errors="replace")
    out += [f"{where}:{data.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}" for m in ROOT_WORDS.finditer(data)]
    return out


def test_starter_sources_carry_none_of_the_root_guides_words():
    found = [hit for path in _files(STARTER) for hit in _found(path, STARTER)]
    assert not found, "the starter mentions the root guide's service:\n" + "\n".join(found)


def test_built_site_carries_none_of_the_root_guides_words(checked):
    """Every built page and file, the generator's own assets included."""
    _, site, _ = checked
    found = [hit for path in _files(site) for hit in _found(path, site)]
    assert not found, "a built file mentions the root guide's service:\n" + "\n".join(found)


def test_generator_assets_carry_none_of_the_root_guides_words():
    found = [hit for path in _files(ASSETS) for hit in _found(path, ASSETS)]
    assert not found, "\n".join(found)


# ---------------------------------------------------------------------------
# Translations with English as the source


@pytest.mark.slow
def test_translations_recorded_from_english(tmp_path):
    """Committed, the Spanish pages record the English pages they translate, and the check
    then has nothing to say about translations."""
    root = copy_starter(tmp_path / "repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in ENV_SETTINGS}
    env.update(GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path), GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path / "repo", env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "starter")
    done = subprocess.run([sys.executable, "-m", "scripts", "translated", "--all"], cwd=root, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "marked docs/es/reset-pin.md as a translation of" in done.stdout
    assert "translation_of:" in (root / "docs" / "es" / "faq.md").read_text(encoding="utf-8")
    assert "translation_of" not in (root / "docs" / "en" / "faq.md").read_text(encoding="utf-8")
    report = run_check(root, tmp_path / "site")
    assert not report.errors, lines(report.errors)
    about_translations = [w for w in report.warnings if "translation" in w.message]
    assert not about_translations, lines(about_translations)
