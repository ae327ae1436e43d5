"""The readability scorer: what counts as prose, syllables, the formulas, and the check."""

from __future__ import annotations

import pytest

from scripts.writing import readability
from scripts.core.project import Project
from scripts.core.session import Session
from scripts.core.report import Report
from tests.miniproject import MKDOCS


def test_only_the_prose_a_reader_sees_is_scored():
    page = """\
---
description: No se puntúa.
---

# ¿Cómo desbloqueo mi clave? {#como-desbloquear}

<!-- steps: desbloquear-clave -->
<ol class="steps" markdown="block">
<li id="desbloquear-clave-abrir-portal" markdown="block">
Entra a [www.iess.gob.ec](https://www.iess.gob.ec/) y pulsa **«Trámites»**.
</li>
</ol>
<!-- /steps -->

Escribe `make check` en <https://ejemplo.org/x> o mira ![captura](img.png) la
[guía](recuperar-clave.md#inicio){ .boton }.

```sh
codigo que no se lee
```

!!! warning "Atención"
    El enlace vale solo 3 minutos.

| Caso | Qué hacer |
| --- | --- |
| Sin correo | Ve a un CAU |

- primero;
- segundo.

*[CAU]: Centro de Atención Universal
"""
    assert readability.units(page) == [
        "¿Cómo desbloqueo mi clave?",
        "Entra a y pulsa «Trámites».",
        "Escribe en o mira la guía .",
        "Atención",
        "El enlace vale solo 3 minutos.",
        "Caso", "Qué hacer", "Sin correo", "Ve a un CAU",
        "primero;", "segundo.",
    ]


@pytest.mark.parametrize("word, count", [
    ("casa", 2), ("murciélago", 4), ("aéreo", 4), ("guitarra", 3), ("pingüino", 3), ("búho", 2),
    ("país", 2), ("ciudad", 2), ("construcción", 3), ("Ecuador", 3), ("desbloquear", 4), ("correo", 3),
    ("queso", 2), ("cigüeña", 3), ("ayer", 2), ("hoy", 1), ("y", 1), ("Uruguay", 3), ("quién", 1),
])
def test_spanish_syllables(word, count):
    assert readability.syllables_es(word) == count


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("cat", 1), ("table", 2), ("reading", 2), ("every", 3), ("helped", 1), ("cake", 1),
    ("boxes", 2), ("makes", 1), ("official", 3), ("procedure", 3), ("independent", 4), ("security", 4),
])
def test_english_syllables(word, count):
    assert readability.syllables_en(word) == count


def test_flesch_on_a_known_sentence():
    # 6 words, 6 syllables, 1 sentence: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
    score = readability.score_text("The cat sat on the mat.", "en")
    assert (score.words, score.syllables, score.sentences) == (6, 6, 1)
    assert score.value == pytest.approx(116.145)


def test_fernandez_huerta_matches_textstat_where_both_count_the_same():
    textstat = pytest.importorskip("textstat")
    text = "El gato come pan. La casa es muy grande. Mi perro duerme en la cama."
    score = readability.score_text(text, "es")
    assert (score.words, score.syllables, score.sentences) == (15, 22, 3)
    textstat.set_lang("es")
    assert score.value == pytest.approx(textstat.fernandez_huerta(text))
    assert score.value == pytest.approx(206.84 - 60 * 22 / 15 - 1.02 * 5)


def test_long_sentences_and_long_words_score_lower():
    plain = "Abre el correo. Busca el enlace. Pulsa el enlace."
    dense = ("La habilitación del restablecimiento de credenciales requiere la verificación "
             "documental presencial conforme a la normativa institucional vigente y aplicable.")
    assert readability.score_text(plain, "es").value > 80 > 40 > readability.score_text(dense, "es").value


def project_with(tmp_path, pages: dict[str, str]) -> Project:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project(tmp_path)


EASY_ES = "# Ayuda {#ayuda}\n\n" + "Abre el correo. Busca el enlace. Pulsa el enlace. " * 10
EASY_EN = "# Help {#ayuda}\n\n" + "Open the email. Find the link. Click the link. " * 10
HARD_ES = "# Ayuda {#ayuda}\n\n" + (
    "La habilitación del restablecimiento de credenciales institucionales requiere obligatoriamente "
    "la verificación documental presencial conforme a la normativa administrativa vigente. ") * 5


def test_check_notes_every_score_and_fails_a_hard_page(tmp_path):
    project = project_with(tmp_path, {"es/a.md": HARD_ES, "en/a.md": EASY_EN,
                                      "es/b.md": "# Corta {#corta}\n\nMuy poco texto.", "en/b.md": "# Short\n"})
    report = Report()
    readability.check(Session(project), report)
    [error] = report.errors
    assert str(error).startswith("docs/es/a.md:1: hard to read: Fernández-Huerta reading ease ")
    assert "(use shorter sentences and everyday words" in str(error)
    [table] = report.notes
    lines = table.splitlines()
    assert lines[0].startswith("readability (es Fernández-Huerta ≥ ")
    assert lines[2].split()[0] == "a.md" and lines[2].split()[1].startswith("!")
    assert lines[3].split()[1].startswith("~")  # too short to judge


def test_check_passes_easy_pages(tmp_path):
    project = project_with(tmp_path, {"es/a.md": EASY_ES, "en/a.md": EASY_EN})
    report = Report()
    readability.check(Session(project), report)
    assert report.errors == []


def test_every_language_of_the_site_has_a_threshold_and_formula(project):
    for code in project.codes:
        assert code in project.settings.readability_min and code in readability.FORMULAS
        assert readability.threshold(code, project.settings) == 70
