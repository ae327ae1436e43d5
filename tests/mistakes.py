"""Realistic editor mistakes, each made on a copy of the project, and the one line
`make check` must answer with.

Each mistake edits the copy and returns the exact lines expected on standard error (line
numbers found in the edited files, so that the cases survive content edits). `build` says
whether the mistake is only seen in the built site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Mistake:
    name: str
    apply: Callable[[Path], list[str]]
    build: bool = False  # only a built site shows it
    strict: bool = False  # a warning in make check: an error in make release


def line_of(path: Path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def sync(root: Path) -> None:
    """What `make sync` does, on the copy."""
    from scripts.core import facts as catalog
    from scripts.steps import markers as steps
    from scripts.core.project import Project

    project = Project(root)
    steps.write(steps.plan(project, catalog.load(project)))


def es(root: Path, rel: str) -> Path:
    return root / "docs" / "es" / rel


def en(root: Path, rel: str) -> Path:
    return root / "docs" / "en" / rel


def data(root: Path, name: str) -> Path:
    return root / "data" / name


# ---------------------------------------------------------------------------
# The mistakes of the issue


def impossible_review_date(root):
    page = es(root, "seguridad.md")
    edit(page, "reviewed: 2026-11-29", "reviewed: 2026-02-30")
    return [f"docs/es/seguridad.md:{line_of(page, 'reviewed:')}: front matter: '2026-02-30' is not a real date "
            "(day is out of range for month) (write a date that exists, as YYYY-MM-DD)"]


def impossible_source_date(root):
    path = data(root, "sources.yml")
    edit(path, "date: 2024-11-15", "date: 2024-11-31")
    return [f"data/sources.yml:{line_of(path, '2024-11-31')}: '2024-11-31' is not a real date "
            "(day is out of range for month) (write a date that exists, as YYYY-MM-DD)"]


def unclosed_quote(root):
    path = data(root, "procedures.yml")
    edit(path, "es: Elige «Asegurados».", 'es: "Elige «Asegurados».')
    line = line_of(path, 'es: "Elige')
    return [f"data/procedures.yml:{line}: a quote opened on this line is never closed "
            "(close it at the end of the text on the same line, or remove it)"]


def colon_in_description(root):
    page = es(root, "acerca.md")
    edit(page, "description: Quién hace esta guía,", "description: Acerca: quién hace esta guía,")
    return [f"docs/es/acerca.md:{line_of(page, 'description:')}: front matter: YAML syntax error: a second ':' "
            "on this line (put the text in quotes: key: \"text: more text\")"]


def inline_script(root):
    page = es(root, "acerca.md")
    append(page, "\n<script>alert('hola')</script>\n")
    return [f"docs/es/acerca.md:{line_of(page, '<script>')}: a page may not bring its own script ('<script>') "
            "(remove it: scripts for readers live in docs/assets/javascripts/)"]


def unofficial_action_link(root):
    page = es(root, "recuperar-clave.md")
    append(page, "\nTambién puedes ir a [este portal](https://tramites-faciles.com/clave).\n")
    return [f"docs/es/recuperar-clave.md:{line_of(page, 'tramites-faciles')}: the link to "
            "https://tramites-faciles.com/clave sends the reader to tramites-faciles.com, which is not an "
            "official domain (link only to the domains in data/site.yml official_domains (or, for something "
            "that is not an action, add the host to other_hosts with the reason))"]


def domain_removed_from_the_official_list(root):
    edit(data(root, "site.yml"), "  - biess.fin.ec\n", "")
    # www.biess.fin.ec now looks official but is not: every link to it fails, at its line
    out = []
    for code, page in (("en", en(root, "preguntas-frecuentes.md")), ("es", es(root, "preguntas-frecuentes.md"))):
        out.append(f"docs/{code}/preguntas-frecuentes.md:{line_of(page, '(https://www.biess.fin.ec/)')}: the link to "
                   "https://www.biess.fin.ec/ goes to www.biess.fin.ec, which looks official but is not (a look-alike "
                   "host is never a link; cite it in data/sources.yml, where it is shown as plain text)")
    for code in ("en", "es"):
        out.append(f"docs/{code}/seguridad.md: the list of official domains differs from data/site.yml: not official: "
                   "biess.fin.ec (list exactly the domains of official_domains, each once)")
    return out


def plain_http_link(root):
    page = en(root, "acerca.md")
    append(page, "\nSee [the portal](http://www.iess.gob.ec/).\n")
    return [f"docs/en/acerca.md:{line_of(page, 'http://www.iess.gob.ec/')}: the link to http://www.iess.gob.ec/ "
            "is not https (use the https:// address)"]


def domain_list_out_of_date(root):
    page = en(root, "seguridad.md")
    edit(page, "- `biess.fin.ec`: the IESS bank (Biess).\n", "")
    return ["docs/en/seguridad.md: the list of official domains differs from data/site.yml: missing biess.fin.ec "
            "(list exactly the domains of official_domains, each once)"]


NEW_GUIDE = {
    "es": ("---\nguide: true\ndescription: Una guía nueva.\nreviewed: 2026-11-29\n---\n\n"
           "# ¿Una guía nueva? {#guia-nueva}\n\n## ¿Es para ti? {#para-quien}\n\nSí.\n\n"
           "## ¿Qué necesitas? {#antes-de-empezar}\n\nTu cédula.\n\n"
           "## ¿Algo salió mal? {#si-falla}\n\n[Mira qué hacer](problemas/correo-no-llega.md#revisar-spam) "
           "o ve a un CAU.\n"),
    "en": ("---\nguide: true\ndescription: A new guide.\nreviewed: 2026-11-29\n---\n\n"
           "# A new guide? {#guia-nueva}\n\n## Is it for you? {#para-quien}\n\nYes.\n\n"
           "## What do you need? {#antes-de-empezar}\n\nYour cédula.\n\n"
           "## Did something go wrong? {#si-falla}\n\n[See what to do](problemas/correo-no-llega.md#revisar-spam) "
           "or go to a CAU.\n"),
}


def guide_without_a_required_section(root):
    for code, text in NEW_GUIDE.items():
        (root / "docs" / code / "guia-nueva.md").write_text(text, encoding="utf-8")
    edit(root / "mkdocs.yml", "  - acerca.md\n", "  - acerca.md\n  - guia-nueva.md\n")
    return [f"docs/{code}/guia-nueva.md: the guide has no section '#como-saber' (add a '## …? {{#como-saber}}' "
            "heading; every guide answers #para-quien, #antes-de-empezar, #como-saber, #si-falla)"
            for code in ("es", "en")]


def english_page_lost_its_markers(root):
    page = en(root, "desbloquear-clave.md")
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"<!-- steps: desbloquear-clave-cau -->\n(.*?)<!-- /steps -->\n", r"\1", text,
                           flags=re.S), encoding="utf-8")
    return [f"docs/en/desbloquear-clave.md:{line_of(page, '<!-- /steps -->')}: its step markers differ from docs/es/desbloquear-clave.md: it should "
            "show <!-- steps: desbloquear-clave -->, <!-- steps: desbloquear-clave-cau --> (copy the "
            "<!-- steps: … --> and <!-- /steps --> lines from the source page to the same places, then run "
            "make sync)"]


def spanish_step_edited_alone(root):
    path = data(root, "procedures.yml")
    edit(path, "es: Toca «Desbloqueo de Clave». Se abre una pestaña nueva.",
         "es: Toca «Desbloqueo de Clave». Se abre otra pestaña.")
    sync(root)  # the editor ran make sync, as the guide says
    return [f"data/procedures.yml:{line_of(path, 'Tap «Desbloqueo de Clave»')}: the English text may be outdated: "
            "the Spanish text changed since it was translated (update the English text, then run: "
            "make translated PAGE=data/procedures.yml)"]


def broken_link(root):
    page = es(root, "desbloquear-clave.md")
    edit(page, "(problemas/correo-no-llega.md#revisar-spam)", "(problemas/correo-no-lega.md#revisar-spam)")
    return [f"docs/es/desbloquear-clave.md:{line_of(page, 'correo-no-lega')}: link "
            "'problemas/correo-no-lega.md#revisar-spam' goes to a page that does not exist "
            "(did you mean 'problemas/correo-no-llega.md'?)"]


def tree_answer_typo(root):
    page = es(root, "problemas/correo-no-llega.md")
    edit(page, "- [No, no está](#correo-funciona)", "- [No, no está](#correo-funsiona)")
    return [f"docs/es/problemas/correo-no-llega.md:{line_of(page, '#correo-funsiona')}: tree "
            "'problemas/correo-no-llega' (Spanish), node 'revisar-spam': the answer 'No, no está' points to "
            "'#correo-funsiona', which is not a node on this page (did you mean '#correo-funciona'?)"]


# ---------------------------------------------------------------------------
# More mistakes a tired editor makes


def tab_in_yaml(root):
    path = data(root, "procedures.yml")
    edit(path, "        es: Elige «Empleadores».", "\tes: Elige «Empleadores».")
    return [f"data/procedures.yml:{line_of(path, chr(9) + 'es: Elige «Empleadores»')}: YAML syntax error: found a "
            "tab character that violates indentation (check the indentation and quotes on this line and the "
            "one above)"]


def duplicate_key(root):
    path = data(root, "procedures.yml")
    edit(path, "        en: Tap «Desbloquear» (unlock).", "        en: Tap «Desbloquear» (unlock).\n        en: Tap it.")
    first = line_of(path, "en: Tap «Desbloquear» (unlock).")
    return [f"data/procedures.yml:{first + 1}: key 'en' appears twice in the same block (keep only one; the first "
            f"is on line {first})"]


def step_without_english(root):
    path = data(root, "procedures.yml")
    edit(path, "        en: Tap «Desbloquear» (unlock).\n", "")
    return [f"data/procedures.yml:{line_of(path, '- id: tocar-desbloquear')}: procedure 'desbloquear-clave', step "
            "'tocar-desbloquear' has no English text (add 'en:' with the English text)"]


def unknown_source_on_a_step(root):
    path = data(root, "procedures.yml")
    edit(path, "        sources: [informeecuador-recuperar-clave, elyex-recuperar-clave, iessnetec-recomendaciones-clave]",
         "        sources: [informeecuador-recuperar-clave, elyex-recuperar-claves]")
    return [f"data/procedures.yml:{line_of(path, 'elyex-recuperar-claves')}: step 'escribir-cedula' names unknown "
            "source 'elyex-recuperar-claves' (add it to data/sources.yml or fix the ID)"]


def heading_without_an_id(root):
    for page in (es(root, "seguridad.md"), en(root, "seguridad.md")):
        append(page, "\n## ¿Y ahora?\n\nNada más.\n")
    return [f"docs/{c}/seguridad.md:{line_of(root / 'docs' / c / 'seguridad.md', '## ¿Y ahora?')}: heading "
            "'¿Y ahora?' has no explicit ID (add one at the end of the line, like {#y-ahora})" for c in ("es", "en")]


def id_with_an_accent(root):
    for page in (es(root, "seguridad.md"), en(root, "seguridad.md")):
        append(page, "\n## ¿Qué más? {#qué-más}\n\nNada.\n")
    return [f"docs/{c}/seguridad.md:{line_of(root / 'docs' / c / 'seguridad.md', '{#qué-más}')}: ID 'qué-más' is "
            "not valid (use lowercase ASCII words joined by '-', for example 'abrir-enlace')" for c in ("es", "en")]


def same_id_twice(root):
    for page in (es(root, "seguridad.md"), en(root, "seguridad.md")):
        append(page, "\n## Otra vez {#no-compartas}\n\nNada.\n")
    out = []
    for c in ("es", "en"):
        page = root / "docs" / c / "seguridad.md"
        first = line_of(page, "{#no-compartas}")
        out.append(f"docs/{c}/seguridad.md:{line_of(page, '{#no-compartas}', first)}: ID 'no-compartas' is used "
                   f"twice on this page (give each one its own ID (first use on line {first}))")
    return out


def english_ids_differ(root):
    page = en(root, "seguridad.md")
    edit(page, "{#clave-segura}", "{#safe-key}")
    return [f"docs/en/seguridad.md:{line_of(page, '{#safe-key}')}: IDs differ from docs/es/seguridad.md: missing "
            "clave-segura; only in English: safe-key (a page and its translation need the same explicit IDs, so "
            "links keep working when the reader switches language)"]


def unknown_procedure_in_a_marker(root):
    page = es(root, "clave-empleador.md")
    edit(page, "<!-- steps: entrar-empleador -->", "<!-- steps: entrar-empleadr -->")
    return [f"docs/es/clave-empleador.md:{line_of(page, 'entrar-empleadr')}: steps marker names unknown procedure "
            "'entrar-empleadr' (use an ID from data/procedures.yml)"]


def marker_not_closed(root):
    page = es(root, "clave-empleador.md")
    opened = line_of(page, "<!-- steps: registrar-empleador -->")
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    closing = next(i for i in range(opened, len(lines)) if lines[i].strip() == "<!-- /steps -->")
    del lines[closing]
    page.write_text("".join(lines), encoding="utf-8")
    return [f"docs/es/clave-empleador.md:{opened}: steps marker for 'registrar-empleador' is not closed (add "
            "<!-- /steps --> before the next marker)"]


def unknown_step_in_a_subset(root):
    for page in (es(root, "clave-empleador.md"), en(root, "clave-empleador.md")):
        edit(page, "<!-- steps: entrar-empleador -->", "<!-- steps: entrar-empleador abrir-portl -->")
    return [f"docs/{c}/clave-empleador.md:{line_of(root / 'docs' / c / 'clave-empleador.md', 'abrir-portl')}: "
            "procedure 'entrar-empleador' has no step 'abrir-portl' (use a step ID from data/procedures.yml)"
            for c in ("es", "en")]


def missing_translation_file(root):
    en(root, "seguridad.md").unlink()
    return ["docs/es/seguridad.md: has no en translation: docs/en/seguridad.md is missing (create "
            "docs/en/seguridad.md with the same headings and IDs)"]


def missing_description(root):
    page = en(root, "seguridad.md")
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"description: [^\n]*\n", "", text, count=1), encoding="utf-8")
    return ["docs/en/seguridad.md:1: no 'description' in the front matter (add one sentence that says what the "
            "page helps with)"]


def front_matter_not_closed(root):
    page = en(root, "acerca.md")
    text = page.read_text(encoding="utf-8")
    head, _, body = text[4:].partition("\n---\n")
    page.write_text("---\n" + head + "\n\n" + body, encoding="utf-8")
    return ["docs/en/acerca.md:1: front matter: the front matter is not closed (add a line with only --- after its "
            "last 'key: value' line)"]


def tree_node_without_a_kind(root):
    for page in (es(root, "problemas/empleador-no-puede-entrar.md"), en(root, "problemas/empleador-no-puede-entrar.md")):
        edit(page, "{#empleador-entro .solucion}", "{#empleador-entro}")
    return [f"docs/{c}/problemas/empleador-no-puede-entrar.md:"
            f"{line_of(root / 'docs' / c / 'problemas/empleador-no-puede-entrar.md', '{#empleador-entro}')}: tree "
            f"'problemas/empleador-no-puede-entrar' ({name}), node 'empleador-entro': the heading has no kind "
            "(give it exactly one of .pregunta, .solucion, .en-persona)" for c, name in (("es", "Spanish"), ("en", "English"))]


def tree_dead_end(root):
    for page in (es(root, "problemas/empleador-no-puede-entrar.md"), en(root, "problemas/empleador-no-puede-entrar.md")):
        edit(page, "{#empleador-entro .solucion}", "{#empleador-entro .pregunta}")
    return [f"docs/{c}/problemas/empleador-no-puede-entrar.md:"
            f"{line_of(root / 'docs' / c / 'problemas/empleador-no-puede-entrar.md', '{#empleador-entro')}: tree "
            f"'problemas/empleador-no-puede-entrar' ({name}), node 'empleador-entro': dead end: this question has no "
            "answer that leads on (add answers as '- [answer](#node-id)', or make it .solucion or .en-persona)"
            for c, name in (("es", "Spanish"), ("en", "English"))]


def tree_loop(root):
    for page, text in ((es(root, "problemas/correo-no-llega.md"), "- [No, no está](#correo-funciona)\n- [Otra vez](#revisar-spam)"),
                       (en(root, "problemas/correo-no-llega.md"), "- [No, it is not there](#correo-funciona)\n- [Again](#revisar-spam)")):
        old = text.split("\n")[0]
        edit(page, old, text)
    return [f"docs/{c}/problemas/correo-no-llega.md:"
            f"{line_of(root / 'docs' / c / 'problemas/correo-no-llega.md', f'[{text}](#revisar-spam)')}: tree "
            f"'problemas/correo-no-llega' ({name}), node 'revisar-spam': the answer '{text}' goes back to "
            "'revisar-spam' and makes a loop (point it to a new node, or mark it as start again: "
            "'- [text](#revisar-spam){.volver-a-empezar}')"
            for c, name, text in (("es", "Spanish", "Otra vez"), ("en", "English", "Again"))]


def faq_answer_without_sources(root):
    for page, title in ((es(root, "preguntas-frecuentes.md"), "## ¿Y si me equivoco? {#si-me-equivoco}"),
                        (en(root, "preguntas-frecuentes.md"), "## What if I make a mistake? {#si-me-equivoco}")):
        append(page, f"\n{title}\n\nVuelve a empezar.\n")
    page = es(root, "preguntas-frecuentes.md")
    return [f"docs/es/preguntas-frecuentes.md:{line_of(page, '{#si-me-equivoco}')}: the FAQ answer '#si-me-equivoco' "
            "names no sources (add '- id: preguntas-frecuentes#si-me-equivoco' with its sources to data/answers.yml)"]


def answers_entry_for_no_answer(root):
    path = data(root, "answers.yml")
    append(path, "  - id: preguntas-frecuentes#no-existe\n    sources: [ecuavisa-biess-2024]\n")
    return [f"data/answers.yml:{line_of(path, 'preguntas-frecuentes#no-existe')}: answer "
            "'preguntas-frecuentes#no-existe' is not on any page (use the page path without .md, '#', and an "
            "explicit ID of that page)"]


def published_id_removed(root):
    for page in (es(root, "seguridad.md"), en(root, "seguridad.md")):
        edit(page, "{#donde-hacer-tramites}", "{#donde-hacer-los-tramites}")
    lock = data(root, "anchors.lock.yml")
    return [f"data/anchors.lock.yml:{line_of(lock, '- donde-hacer-tramites')}: published anchor "
            "'seguridad.md#donde-hacer-tramites' is gone from docs/es/seguridad.md, docs/en/seguridad.md (restore "
            "the ID, or add 'seguridad.md#donde-hacer-tramites: <page>.md#<new-id>' under moved:)"]


def unknown_source_in_a_cell(root):
    page = es(root, "metodos-verificacion.md")
    edit(page, "[[sources: issa-exterior-2023]]", "[[sources: issa-2023]]")
    return [f"docs/es/metodos-verificacion.md:{line_of(page, 'issa-2023]]')}: [[sources: …]] names unknown source "
            "'issa-2023' (use an ID from data/sources.yml)"]


def seed_rating(root):
    page = es(root, "acerca.md")
    append(page, "\nLos lectores nos dan 4.7/5.\n")
    return [f"docs/es/acerca.md:{line_of(page, '4.7/5')}: invented rating: '4.7/5' must never be published (remove "
            "it: see why in data/site.yml 'forbidden')"]


def seed_wait_time(root):
    path = data(root, "procedures.yml")
    edit(path, "es: El enlace que te llega vale solo 3 minutos.",
         "es: El correo llega en 5 a 15 minutos. El enlace que te llega vale solo 3 minutos.")
    sync(root)
    return [f"data/procedures.yml:{line_of(path, '5 a 15 minutos')}: unsourced wait time: '5 a 15 min' must never "
            "be published (remove it: see why in data/site.yml 'forbidden')"]


def raw_html_in_a_step(root):
    path = data(root, "procedures.yml")
    edit(path, "es: Elige «Empleadores».", "es: Elige <b>«Empleadores»</b>.")
    return [f"data/procedures.yml:{line_of(path, '<b>')}: step 'empleadores' Spanish text contains raw HTML '<b>' "
            "(write plain text; use [text](https://…) for links)"]


def lookalike_link(root):
    page = es(root, "seguridad.md")
    append(page, "\nLee [estas recomendaciones](https://iess.net.ec/recomendaciones).\n")
    return [f"docs/es/seguridad.md:{line_of(page, 'iess.net.ec/recomendaciones')}: the link to "
            "https://iess.net.ec/recomendaciones goes to iess.net.ec, which looks official but is not (a look-alike "
            "host is never a link; cite it in data/sources.yml, where it is shown as plain text)"]


def inline_style(root):
    page = es(root, "acerca.md")
    append(page, '\n<p style="color: red">Importante</p>\n')
    return [f"docs/es/acerca.md:{line_of(page, 'style=')}: <p style=…> (an inline style) is blocked by the "
            "Content-Security-Policy (use a class from docs/assets/stylesheets/ or a script file in "
            "docs/assets/javascripts/)"]


def unknown_front_matter_source(root):
    page = es(root, "seguridad.md")
    edit(page, "sources: [elcomercio-clave-compartida-2012,", "sources: [elcomercio-clave-2012,")
    return ["docs/es/seguridad.md:1: front matter names unknown source 'elcomercio-clave-2012' (use an ID from "
            "data/sources.yml)"]


def page_not_in_nav(root):
    for page in (es(root, "nuevo.md"), en(root, "nuevo.md")):
        page.write_text("---\ndescription: Nueva.\nreviewed: 2026-11-29\n---\n\n# Nueva {#nueva}\n\nTexto.\n",
                        encoding="utf-8")
    return [f"docs/{c}/nuevo.md: the page is in no menu (nav: in mkdocs.yml) (add it to nav: in mkdocs.yml, with "
            "the same path for every language)" for c in ("es", "en")]


def typed_numbered_list(root):
    for page in (es(root, "clave-empleador.md"), en(root, "clave-empleador.md")):
        edit(page, "## ¿Cómo sé que funcionó? {#como-saber}" if "/es/" in str(page)
             else "## How do I know it worked? {#como-saber}",
             ("## ¿Cómo sé que funcionó? {#como-saber}" if "/es/" in str(page)
              else "## How do I know it worked? {#como-saber}") + "\n\n1. Entra al portal.\n2. Prueba tu clave.\n")
    return [f"docs/{c}/clave-empleador.md:{line_of(root / 'docs' / c / 'clave-empleador.md', '1. Entra al portal.')}: "
            "a numbered list typed into a guide (numbered steps come from data/procedures.yml: add them there and "
            "show them with <!-- steps: procedure-id --> <!-- /steps -->, or use '- ')" for c in ("es", "en")]


def not_utf8(root):
    page = en(root, "acerca.md")
    page.write_bytes(page.read_bytes().replace("Ecuador".encode(), "Ecuad\xf3r".encode("latin-1"), 1))
    return [f"docs/en/acerca.md:{line_of_bytes(page, b'Ecuad')}: this line is not valid UTF-8 text (save the file "
            "as UTF-8 (in your editor: Save with encoding, UTF-8))"]


def line_of_bytes(path: Path, needle: bytes) -> int:
    return path.read_bytes()[: path.read_bytes().index(needle)].count(b"\n") + 1


def long_sentence(root):
    page = en(root, "acerca.md")
    append(page, "\nThis guide is written by people who want every member, retiree or employer in Ecuador to get "
                 "back into their account without paying anyone and without losing a whole day.\n")
    return [f"docs/en/acerca.md:{line_of(page, 'This guide is written by')}: a sentence of 30 words: 'This guide is "
            "written by people who want every member, retiree or e…' (split it into two sentences: one "
            "idea each)"]


def search_topic_leads_nowhere(root):
    words = root / "data" / "search" / "es.yml"
    edit(words, "answer: preguntas-frecuentes.md#clave-biess}", "answer: preguntas-frecuentes.md#clave-bies}")
    return [f"data/search/es.yml:{line_of(words, 'clave-bies}')}: the topic 'Biess' leads to '#clave-bies', which "
            "preguntas-frecuentes.md does not have (use one of the page's explicit IDs, or only the page)"]


def search_group_of_one_word(root):
    words = root / "data" / "search" / "en.yml"
    edit(words, "synonyms:\n", "synonyms:\n  - [locked]\n")
    return [f"data/search/en.yml:{line_of(words, '- [locked]')}: a group of search words needs two or more words "
            "(write the words that mean the same in one list: [clave, contraseña])"]


def search_words_for_an_unknown_id(root):
    page = es(root, "seguridad.md")
    edit(page, "  seguridad: [estafas", "  segurida: [estafas")
    return [f"docs/es/seguridad.md:{line_of(page, 'search:')}: search words for IDs this page does not have: "
            "segurida (use the ID of one of the page's headings)"]


SOURCE = [
    Mistake("impossible review date", impossible_review_date),
    Mistake("impossible source date", impossible_source_date),
    Mistake("unclosed quote", unclosed_quote),
    Mistake("colon in a description", colon_in_description),
    Mistake("inline script", inline_script),
    Mistake("guide without a required section", guide_without_a_required_section),
    Mistake("English page lost its step markers", english_page_lost_its_markers),
    Mistake("Spanish step edited alone", spanish_step_edited_alone, strict=True),
    Mistake("tree answer typo", tree_answer_typo),
    Mistake("tab in YAML", tab_in_yaml),
    Mistake("duplicate key", duplicate_key),
    Mistake("step without English", step_without_english),
    Mistake("unknown source on a step", unknown_source_on_a_step),
    Mistake("heading without an ID", heading_without_an_id),
    Mistake("ID with an accent", id_with_an_accent),
    Mistake("same ID twice", same_id_twice),
    Mistake("English IDs differ", english_ids_differ),
    Mistake("unknown procedure in a marker", unknown_procedure_in_a_marker),
    Mistake("steps marker not closed", marker_not_closed),
    Mistake("unknown step in a subset", unknown_step_in_a_subset),
    Mistake("missing translation file", missing_translation_file),
    Mistake("missing description", missing_description),
    Mistake("front matter not closed", front_matter_not_closed),
    Mistake("tree node without a kind", tree_node_without_a_kind),
    Mistake("tree dead end", tree_dead_end),
    Mistake("tree loop", tree_loop),
    Mistake("FAQ answer without sources", faq_answer_without_sources),
    Mistake("answers entry for no answer", answers_entry_for_no_answer),
    Mistake("published ID removed", published_id_removed),
    Mistake("unknown source in a table cell", unknown_source_in_a_cell),
    Mistake("seed rating", seed_rating),
    Mistake("seed wait time", seed_wait_time),
    Mistake("raw HTML in a step", raw_html_in_a_step),
    Mistake("unknown front matter source", unknown_front_matter_source),
    Mistake("typed numbered list", typed_numbered_list),
    Mistake("not UTF-8", not_utf8),
    Mistake("long sentence", long_sentence, strict=True),
    Mistake("search topic leads nowhere", search_topic_leads_nowhere),
    Mistake("search group of one word", search_group_of_one_word),
    Mistake("search words for an unknown ID", search_words_for_an_unknown_id),
]

# Seen only in the built site: grouped, since each needs a build. Each group's mistakes touch
# different files, and each must still give its own line.
SITE = [
    [Mistake("unofficial action link", unofficial_action_link, build=True),
     Mistake("plain http link", plain_http_link, build=True),
     Mistake("domain list out of date", domain_list_out_of_date, build=True),
     Mistake("look-alike link", lookalike_link, build=True),
     Mistake("inline style", inline_style, build=True)],
    [Mistake("domain removed from the official list", domain_removed_from_the_official_list, build=True)],
    [Mistake("broken link", broken_link, build=True)],
    [Mistake("page not in nav", page_not_in_nav, build=True)],
]
