"""One YAML source for procedure steps: validation, sync round trip, and every bad input.

Bad input must give one clear line `path:line: message (hint)`, exit 1, no traceback, and
leave every page as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.core import facts as catalog
from scripts.steps import markers as steps
from scripts.core.errors import ContentErrors
from tests import miniproject

ROOT = Path(__file__).resolve().parent.parent
ERROR_LINE = re.compile(r"^(data|docs)/[\w/.-]+(:\d+)?: .+ \(.+\)$")


def run_cli(project_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=project_root, env=env,
                          capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in (root / "docs").rglob("*.md")}


# --- the good path -----------------------------------------------------------------


def test_sync_fills_regions_in_each_language_and_keeps_the_rest(tmp_path):
    project = miniproject.make(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, "sync")
    assert result.returncode == 0, result.stderr
    es = (tmp_path / "docs/es/pagina.md").read_text(encoding="utf-8")
    en = (tmp_path / "docs/en/pagina.md").read_text(encoding="utf-8")
    assert "Escribe tu cédula." in es and "Type your ID number." not in es
    assert "Type your ID number." in en
    # anchors are the same in both languages
    ids = lambda text: re.findall(r'<li id="([^"]+)"', text)
    assert ids(es) == ids(en) == ["recuperar-abrir-portal", "recuperar-escribir-cedula", "recuperar-abrir-enlace"]
    # notes become admonitions titled in the page's language
    assert '!!! warning "Atención"' in es and '!!! warning "Important"' in en
    # everything outside the markers is byte-for-byte the same
    for name, old in before.items():
        new = (tmp_path / name).read_text(encoding="utf-8")
        start, end = old.index("<!-- steps: recuperar -->"), old.index("<!-- /steps -->")
        assert new.startswith(old[: start + len("<!-- steps: recuperar -->\n")])
        assert new.endswith(old[end:])
    assert steps.plan(project, catalog.load(project)) == []


def test_second_sync_changes_nothing(tmp_path):
    miniproject.make(tmp_path)
    assert run_cli(tmp_path, "sync").returncode == 0
    first = snapshot(tmp_path)
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "docs").rglob("*.md")}
    result = run_cli(tmp_path, "sync")
    assert result.returncode == 0 and "every page is in sync" in result.stdout
    assert snapshot(tmp_path) == first
    assert mtimes == {p: p.stat().st_mtime_ns for p in (tmp_path / "docs").rglob("*.md")}


def test_subset_keeps_the_procedure_numbers(tmp_path):
    page = "# P {#p}\n\n<!-- steps: recuperar escribir-cedula abrir-enlace -->\n<!-- /steps -->\n"
    project = miniproject.make(tmp_path, pages={"p.md": {"es": page, "en": page}})
    changes = steps.plan(project, catalog.load(project))
    text = next(c.new for c in changes if "/es/" in c.path.as_posix())
    assert 'id="recuperar-escribir-cedula" value="2"' in text
    assert 'id="recuperar-abrir-enlace" value="3"' in text
    assert "recuperar-abrir-portal" not in text


def test_markers_inside_code_fences_are_left_alone(tmp_path):
    page = "# P {#p}\n\n```markdown\n<!-- steps: nada -->\n```\n"
    project = miniproject.make(tmp_path, pages={"p.md": {"es": page, "en": page}})
    assert steps.plan(project, catalog.load(project)) == []


def test_check_reports_drift_with_a_diff_and_the_fix(tmp_path):
    miniproject.make(tmp_path)
    assert run_cli(tmp_path, "sync").returncode == 0
    page = tmp_path / "docs/es/pagina.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Escribe tu cédula.", "Escribe tu cedula YA."),
                    encoding="utf-8")
    result = run_cli(tmp_path, "sync", "--check")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("docs/es/pagina.md:5: ")
    assert first.endswith("(edits inside the markers are overwritten) (edit data/procedures.yml instead, "
                          "then run make sync)")
    assert "-Escribe tu cedula YA." in result.stdout and "+Escribe tu cédula." in result.stdout


def test_a_data_edit_not_yet_synced_says_only_run_make_sync(tmp_path):
    miniproject.make(tmp_path)
    assert run_cli(tmp_path, "sync").returncode == 0
    data = tmp_path / "data/procedures.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("Escribe tu cédula.", "Escribe tu número de cédula."),
                    encoding="utf-8")
    page = tmp_path / "docs/es/pagina.md"
    os.utime(data, (page.stat().st_atime, page.stat().st_mtime + 5))
    first = run_cli(tmp_path, "sync", "--check").stdout.splitlines()[0]
    assert first == "docs/es/pagina.md:5: Spanish steps of 'recuperar' differ from data/procedures.yml (run make sync)"


def test_data_change_is_drift_until_synced(tmp_path):
    miniproject.make(tmp_path)
    assert run_cli(tmp_path, "sync").returncode == 0
    data = tmp_path / "data/procedures.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("Escribe tu cédula.", "Escribe tu número de cédula."),
                    encoding="utf-8")
    assert run_cli(tmp_path, "sync", "--check").returncode == 1
    assert run_cli(tmp_path, "sync").returncode == 0
    assert run_cli(tmp_path, "sync", "--check").returncode == 0


def test_schema_files_describe_every_language(project):
    schemas = catalog.json_schemas(project.codes)
    text_def = schemas["procedures"]["$defs"]["Text"]
    assert set(text_def["required"]) == set(project.codes)
    assert text_def["additionalProperties"] is False
    for name, schema in schemas.items():
        committed = catalog.schema_path(project, name).read_text(encoding="utf-8")
        assert committed == catalog.schema_text(schema), f"run make schema ({name})"
        first = (project.data_dir / catalog.FILES[name]).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json"


# --- bad input ---------------------------------------------------------------------

STEP = "      - id: escribir-cedula\n        es: Escribe tu cédula.\n        en: Type your ID number.\n"

BAD_DATA = {
    "yaml syntax": (
        lambda p: p.replace("    reviewed: 2026-11-01\n", "    reviewed: [2026-11-01\n"),
        r"data/procedures\.yml:\d+: YAML syntax error"),
    "unknown key": (
        lambda p: p.replace("    reviewed: 2026-11-01\n", "    reviewed: 2026-11-01\n    revisado: hoy\n"),
        r"data/procedures\.yml:10: procedure 'recuperar': unknown key 'revisado'"),
    "missing language": (
        lambda p: p.replace("        en: Type your ID number.\n", ""),
        r"data/procedures\.yml:15: procedure 'recuperar', step 'escribir-cedula' has no English text"),
    "missing language in a note": (
        lambda p: p.replace("          en: The link does not last long.\n", ""),
        r"data/procedures\.yml:\d+: procedure 'recuperar', step 'abrir-enlace' has no English note"),
    "duplicate step id": (
        lambda p: p.replace(STEP, STEP + STEP),
        r"data/procedures\.yml:18: step ID 'escribir-cedula' is used twice in procedure 'recuperar'"),
    "duplicate procedure id": (
        lambda p: p + p.replace("procedures:\n", "", 1),
        r"data/procedures\.yml:\d+: procedure ID 'recuperar' is used twice"),
    "duplicate key": (
        lambda p: p.replace("        en: Type your ID number.\n", "        en: Type your ID number.\n        en: Again.\n"),
        r"data/procedures\.yml:18: key 'en' appears twice"),
    "bad id": (
        lambda p: p.replace("- id: escribir-cedula", "- id: Escribir_Cédula"),
        r"data/procedures\.yml:15: procedure 'recuperar', step 'Escribir_Cédula': ID 'Escribir_Cédula' is not valid"),
    "link not https": (
        lambda p: p.replace("(https://www.example.gob.ec/).\n        en", "(http://www.example.gob.ec/).\n        en"),
        r"data/procedures\.yml:13: step 'abrir-portal' Spanish text links to 'http://www\.example\.gob\.ec/', which is not https"),
    "link not official": (
        lambda p: p.replace("Go to [www.example.gob.ec](https://www.example.gob.ec/)", "Go to [help](https://www.clave-facil.com/)"),
        r"data/procedures\.yml:14: step 'abrir-portal' English text links to www\.clave-facil\.com, which is not an official domain"),
    "bare link not official": (
        lambda p: p.replace("Abre el enlace del correo.", "Abre https://phishing.example.com/x ya."),
        r"data/procedures\.yml:\d+: step 'abrir-enlace' Spanish text links to phishing\.example\.com"),
    "raw html": (
        lambda p: p.replace("Escribe tu cédula.", "Escribe tu <b>cédula</b>."),
        r"data/procedures\.yml:16: step 'escribir-cedula' Spanish text contains raw HTML '<b>'"),
    "script": (
        lambda p: p.replace("Type your ID number.", "Type <script>alert(1)</script> it."),
        r"data/procedures\.yml:17: step 'escribir-cedula' English text contains raw HTML '<script>'"),
    "attribute list": (
        lambda p: p.replace("Type your ID number.", "'Type it. {: onclick=\"x()\" }'"),
        r"data/procedures\.yml:17: step 'escribir-cedula' English text contains an attribute list"),
    "unknown source": (
        lambda p: p.replace("sources: [boletin]", "sources: [boletin, rumor]"),
        r"data/procedures\.yml:\d+: procedure 'recuperar' names unknown source 'rumor'"),
    "bad date": (
        lambda p: p.replace("reviewed: 2026-11-01", "reviewed: ayer"),
        r"data/procedures\.yml:9: procedure 'recuperar': 'ayer' is not a date"),
    "empty text": (
        lambda p: p.replace("        es: Escribe tu cédula.\n", "        es: ''\n"),
        r"data/procedures\.yml:16: procedure 'recuperar', step 'escribir-cedula': 'es' is empty"),
}

BAD_PAGES = {
    "unknown procedure": (
        "<!-- steps: olvidar -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:3: steps marker names unknown procedure 'olvidar'"),
    "unknown step": (
        "<!-- steps: recuperar volar -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:3: procedure 'recuperar' has no step 'volar'"),
    "unclosed marker": (
        "<!-- steps: recuperar -->\n\nTexto.\n",
        r"docs/es/pagina\.md:3: steps marker for 'recuperar' is not closed"),
    "marker closed twice": (
        "<!-- steps: recuperar -->\n<!-- /steps -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:5: <!-- /steps --> closes nothing"),
    "nested marker": (
        "<!-- steps: recuperar -->\n<!-- steps: recuperar -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:3: steps marker for 'recuperar' is not closed"),
    "marker without id": (
        "<!-- steps: -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:3: steps marker names no procedure"),
    "misspelt marker": (
        "<!-- steps recuperar -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:3: malformed steps marker"),
    "step shown twice": (
        "<!-- steps: recuperar -->\n<!-- /steps -->\n\n<!-- steps: recuperar abrir-enlace -->\n<!-- /steps -->\n",
        r"docs/es/pagina\.md:6: step 'abrir-enlace' of 'recuperar' is already shown on line 3"),
}


def assert_clean_failure(result: subprocess.CompletedProcess, pattern: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert any(re.match(pattern, line) for line in lines), f"expected /{pattern}/ in:\n{output}"
    for line in lines:
        assert ERROR_LINE.match(line), f"not a clear one-line error: {line!r}"


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_gives_one_clear_line_and_writes_nothing(tmp_path, case):
    mutate, pattern = BAD_DATA[case]
    miniproject.make(tmp_path, procedures=mutate(miniproject.PROCEDURES))
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, "sync")
    assert_clean_failure(result, pattern)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_bad_marker_gives_one_clear_line_and_writes_no_page(tmp_path, case):
    body, pattern = BAD_PAGES[case]
    good = miniproject.PAGE
    bad = "# Página {#pagina}\n\n" + body
    # one good page in each language, and a bad Spanish page: nothing may be written
    miniproject.make(tmp_path, pages={"otra.md": good, "pagina.md": {"es": bad, "en": good["en"]}})
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, "sync")
    assert_clean_failure(result, pattern)
    assert snapshot(tmp_path) == before


def test_bad_sources_and_site_files(tmp_path):
    sources = miniproject.SOURCES.replace("kind: official", "kind: rumor")
    miniproject.make(tmp_path, sources=sources)
    assert_clean_failure(run_cli(tmp_path, "sync"),
                         r"data/sources\.yml:7: source 'boletin': 'rumor' is not allowed for 'kind'")
    site = miniproject.SITE.replace("https://www.example.gob.ec/", "http://www.example.gob.ec/")
    miniproject.make(tmp_path, site=site)
    assert_clean_failure(run_cli(tmp_path, "sync"),
                         r"data/site\.yml:1: the portal link links to 'http://www\.example\.gob\.ec/', which is not https")


def test_official_source_must_be_on_an_official_domain(tmp_path):
    sources = miniproject.SOURCES.replace("https://www.example.gob.ec/boletin", "https://blog.example.com/boletin")
    miniproject.make(tmp_path, sources=sources)
    assert_clean_failure(run_cli(tmp_path, "sync"),
                         r"data/sources\.yml:5: source 'boletin' is marked official but blog\.example\.com")


def test_missing_data_file(tmp_path):
    miniproject.make(tmp_path)
    (tmp_path / "data/sources.yml").unlink()
    assert_clean_failure(run_cli(tmp_path, "sync"), r"data/sources\.yml: file not found")


def test_errors_in_several_places_are_all_reported(tmp_path):
    procedures = miniproject.PROCEDURES.replace("        en: Type your ID number.\n", "").replace(
        "Abre el enlace del correo.", "Abre <i>el</i> enlace.")
    project = miniproject.make(tmp_path, procedures=procedures)
    with pytest.raises(ContentErrors) as caught:
        catalog.load(project)
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 1 and "has no English text" in messages[0]  # schema errors stop before text checks
    procedures = miniproject.PROCEDURES.replace("Escribe tu cédula.", "Escribe <b>x</b>.").replace(
        "Abre el enlace del correo.", "Abre <i>el</i> enlace.")
    project = miniproject.make(tmp_path, procedures=procedures)
    with pytest.raises(ContentErrors) as caught:
        catalog.load(project)
    assert len(caught.value.errors) == 2


def test_hook_reports_the_same_error_in_the_build(tmp_path):
    """`make build` / `make serve` show the one-line error, not a traceback."""
    from tests.conftest import copy_project
    from scripts.core import build

    project = copy_project(tmp_path / "copy")
    data = project.data_dir / "procedures.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("      - id: abrir-portal\n",
                                                            "      - id: abrir-portal\n        color: rojo\n", 1),
                    encoding="utf-8")
    status, output = build.run(project, site_dir=tmp_path / "out")
    text = "".join(output)
    assert status == 1
    assert "Traceback" not in text
    assert re.search(r"data/procedures\.yml:\d+: procedure '[a-z-]+', step 'abrir-portal': unknown key 'color'", text), text
