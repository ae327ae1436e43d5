"""A tiny project on disk (mkdocs.yml, data/, docs/) for tests of data and sync.

Only what scripts/core/facts.py and scripts/steps/ read: the i18n languages in mkdocs.yml, the four data
files, and pages in docs/<lang>/.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from scripts.core.project import Project

MKDOCS = """\
site_name: Test
site_url: https://example.test/
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - locale: es
          default: true
          name: Español
        - locale: en
          name: English
  - service-guide:
      tree_classes: {question: pregunta, solution: solucion, in_person: en-persona, start: inicio,
                     restart: volver-a-empezar}
"""

SITE = """\
portal: https://www.example.gob.ec/
official_domains:
  - example.gob.ec
review:
  max_age_days: 365
interface:
  note:
    es: Nota
    en: Note
  warning:
    es: Atención
    en: Important
""" + "".join(f"  {key}:\n    es: \"{key} (es)\"\n    en: \"{key} (en)\"\n" for key in (
    # what a troubleshooting tree shows (scripts/trees/model.py STRINGS)
    "tree_back", "tree_restart", "tree_map", "tree_map_help", "tree_solution", "tree_in_person", "tree_see_above",
    "tree_your_answers", "tree_change", "tree_change_hint", "tree_end", "tree_paths", "tree_map_list",
    "tree_diagram_title", "tree_diagram_desc", "tree_maps_paths"))

SOURCES = """\
sources:
  - id: boletin
    title: Boletín oficial
    publisher: Institución
    url: https://www.example.gob.ec/boletin
    date: 2024-11-15
    kind: official
    language: es
"""

PROCEDURES = """\
procedures:
  - id: recuperar
    title:
      es: Recuperar la clave
      en: Recover the key
    audience:
      es: Afiliados
      en: Members
    reviewed: 2026-11-01
    sources: [boletin]
    steps:
      - id: abrir-portal
        es: Entra a [www.example.gob.ec](https://www.example.gob.ec/).
        en: Go to [www.example.gob.ec](https://www.example.gob.ec/).
      - id: escribir-cedula
        es: Escribe tu cédula.
        en: Type your ID number.
      - id: abrir-enlace
        es: Abre el enlace del correo.
        en: Open the link in the email.
        note:
          kind: warning
          es: El enlace dura poco.
          en: The link does not last long.
"""

ANSWERS = """\
answers: []
"""

PAGE = {
    "es": "# Página {#pagina}\n\nAntes.\n\n<!-- steps: recuperar -->\n<!-- /steps -->\n\nDespués.\n",
    "en": "# Page {#pagina}\n\nBefore.\n\n<!-- steps: recuperar -->\n<!-- /steps -->\n\nAfter.\n",
}


def make(root: Path, *, procedures: str = PROCEDURES, sources: str = SOURCES, site: str = SITE,
         answers: str = ANSWERS, pages: dict[str, dict[str, str]] | None = None) -> Project:
    """Write a project into `root`. `pages` maps 'name.md' -> {lang: text}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    data = root / "data"
    data.mkdir(exist_ok=True)
    (data / "procedures.yml").write_text(textwrap.dedent(procedures), encoding="utf-8")
    (data / "sources.yml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (data / "site.yml").write_text(textwrap.dedent(site), encoding="utf-8")
    (data / "answers.yml").write_text(textwrap.dedent(answers), encoding="utf-8")
    for name, versions in (pages if pages is not None else {"pagina.md": PAGE}).items():
        for lang, text in versions.items():
            path = root / "docs" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return Project(root)
