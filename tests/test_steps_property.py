"""Property tests: random valid data always syncs; random broken data always gives a clear error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.core import facts as catalog
from scripts.steps import markers as steps
from scripts.core.errors import ContentError, ContentErrors
from tests import miniproject

ERROR_LINE = re.compile(r"^(data|docs)/[\w/.-]+(:\d+)?: .+ \(.+\)$")

ids = st.from_regex(r"[a-z]{1,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
# Plain words and punctuation; no markup characters, no ':' (no URL schemes), no newlines.
texts = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,;¿?¡!«»'\"-_*"),
    min_size=1, max_size=60,
).map(lambda s: " ".join(s.split())).filter(bool)
prose = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,#-"),
                max_size=80)


@st.composite
def procedure(draw, procedure_id):
    step_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    return {
        "id": procedure_id,
        "title": {"es": draw(texts), "en": draw(texts)},
        "audience": {"es": draw(texts), "en": draw(texts)},
        "reviewed": draw(st.dates()).isoformat(),
        "sources": ["boletin"],
        "steps": [
            {"id": s, "es": draw(texts), "en": draw(texts),
             **({"note": {"kind": draw(st.sampled_from(["note", "warning"])), "es": draw(texts), "en": draw(texts)}}
                if draw(st.booleans()) else {})}
            for s in step_ids
        ],
    }


@st.composite
def valid_project(draw):
    procedure_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    procedures = [draw(procedure(pid)) for pid in procedure_ids]
    pages = {}
    for n in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(procedures), max_size=len(procedures), unique_by=lambda p: p["id"]))
        parts = [draw(prose)]
        for proc in chosen:
            all_steps = [s["id"] for s in proc["steps"]]
            subset = draw(st.one_of(st.none(), st.lists(st.sampled_from(all_steps), min_size=1, unique=True)))
            head = proc["id"] + ("" if subset is None else " " + " ".join(subset))
            parts.append(f"<!-- steps: {head} -->\n<!-- /steps -->")
            parts.append(draw(prose))
        text = "\n\n".join(parts) + "\n"
        pages[f"p{n}.md"] = {"es": text, "en": text}
    return {"procedures": procedures}, pages


def write(root: Path, data: dict, pages: dict):
    procedures = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return miniproject.make(root, procedures=procedures, pages=pages)


def outside(text: str) -> str:
    """The page with every region emptied: what sync must never change."""
    return re.sub(r"(<!-- steps:[^\n]*-->\n).*?(<!-- /steps -->)", r"\1\2", text, flags=re.S)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_project())
def test_random_valid_data_always_syncs(case):
    data, pages = case
    with tempfile.TemporaryDirectory() as tmp:
        project = write(Path(tmp), data, pages)
        loaded = catalog.load(project)
        changes = steps.plan(project, loaded)
        steps.write(changes)
        for change in changes:
            assert outside(change.new) == outside(change.old)
        assert steps.plan(project, loaded) == []  # idempotent
        for proc in data["procedures"]:
            for page in project.pages("en"):
                text = page.read_text(encoding="utf-8")
                for step in proc["steps"]:
                    if f'id="{proc["id"]}-{step["id"]}"' in text:
                        assert " ".join(step["en"].split()) in " ".join(text.split())


def _texts(data):
    """Every (holder, key) of a translatable text."""
    for proc in data["procedures"]:
        yield proc["title"], "es"
        for step in proc["steps"]:
            yield step, "es"
            yield step, "en"


MUTATIONS = ["drop-language", "unknown-key", "duplicate-step", "html", "foreign-link", "insecure-link",
             "stray-bracket", "wrong-type", "unknown-procedure", "unknown-step", "unclosed-marker", "bad-id"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_project(), st.sampled_from(MUTATIONS), st.data())
def test_random_broken_data_always_gives_a_clear_error(case, mutation, draw):
    data, pages = case
    procs = data["procedures"]
    proc = draw.draw(st.sampled_from(procs))
    step = draw.draw(st.sampled_from(proc["steps"]))
    raw_yaml = None
    if mutation == "drop-language":
        del step[draw.draw(st.sampled_from(["es", "en"]))]
    elif mutation == "unknown-key":
        draw.draw(st.sampled_from([proc, step]))[draw.draw(st.sampled_from(["color", "pasos", "extra"]))] = "x"
    elif mutation == "duplicate-step":
        proc["steps"].append(dict(step))
    elif mutation == "html":
        holder, key = draw.draw(st.sampled_from(list(_texts(data))))
        holder[key] += draw.draw(st.sampled_from([" <script>alert(1)</script>", " <b>x</b>", " <img src=x>"]))
    elif mutation == "foreign-link":
        step["en"] += " [aquí](https://clave-gratis.example.com/)"
    elif mutation == "insecure-link":
        step["es"] += " [portal](http://www.example.gob.ec/)"
    elif mutation == "wrong-type":
        step["es"] = ["una", "lista"]
    elif mutation == "bad-id":
        step["id"] = draw.draw(st.sampled_from(["Con Espacio", "MAYUS", "tilde-á", "-guion", "a--b"]))
    elif mutation == "stray-bracket":
        lines = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).splitlines()
        lines.insert(draw.draw(st.integers(1, len(lines))), "]")
        raw_yaml = "\n".join(lines) + "\n"
    else:
        name = draw.draw(st.sampled_from(sorted(pages)))
        marker = {
            "unknown-procedure": "<!-- steps: zz-no-existe -->\n<!-- /steps -->",
            "unknown-step": f"<!-- steps: {proc['id']} zz-no-existe -->\n<!-- /steps -->",
            "unclosed-marker": f"<!-- steps: {proc['id']} -->",
        }[mutation]
        pages[name] = {lang: text + "\n" + marker + "\n" for lang, text in pages[name].items()}

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = write(root, data, pages)
        if raw_yaml is not None:
            (root / "data/procedures.yml").write_text(raw_yaml, encoding="utf-8")
        before = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.md")}
        try:
            steps.write(steps.plan(project, catalog.load(project)))
        except (ContentError, ContentErrors) as err:
            errors = err.errors if isinstance(err, ContentErrors) else [err]
            assert errors
            for error in errors:
                assert ERROR_LINE.match(str(error)), f"unclear error for {mutation}: {error}"
        else:
            raise AssertionError(f"mutation {mutation} was not caught")
        assert before == {p: p.read_text(encoding="utf-8") for p in root.rglob("*.md")}
