"""Reading built pages (scripts/core/html.py): one pass of regular expressions that finds
what the site checks need, with the line of each thing."""

from __future__ import annotations

from pathlib import Path

from scripts.core import html as htmlpage

PAGE = """<!doctype html>
<html lang="es" class="no-js">
<head><title>Uno &amp; dos</title>
<meta http-equiv="refresh" content="0; url=../nuevo/">
<script>var a = "<b>no es una etiqueta</b>";</script>
<script id="__config" type="application/json">{"x": "<a href='nope'>"}</script>
<!-- <a href="comentado/">no cuenta</a> <script>alert(1)</script> -->
</head>
<body>
<a href="#contenido" class=skip>Saltar</a>
<nav><a href='../acerca/' hreflang=en>About <span>us</span></a></nav>
<article class="md-content__inner">
<h2 id="pasos">Pasos</h2>
<ol><li id="paso-uno"><p>Haz esto.</p>
<p class="evidence evidence--press">Solo la prensa</p></li></ol>
<p id="pasos">otra vez</p>
<a name="viejo"></a>
<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>
<code class="x">make  check</code>
<script>enElContenido()</script>
<section class="page-review"><a href="https://www.iess.gob.ec/">IESS</a></section>
<img src="a.png" srcset="a.png 1x, b.png 2x" style="width:1px" onclick="x()">
<a href="javascript:go()">mal</a>
</article>
</body></html>
"""


def test_one_pass_finds_what_the_checks_need():
    page = htmlpage.parse(Path("x.html"), PAGE)
    assert page.lang == "es" and page.title == "Uno & dos" and page.meta_refresh == "../nuevo/"
    assert page.ids == {"__config": 6, "pasos": 13, "paso-uno": 14, "viejo": 17}
    assert page.duplicate_ids == [("pasos", 16)]
    assert page.classes["paso-uno"] == () and page.classes["pasos"] == ()
    assert page.marks == [htmlpage.Mark("press", "paso-uno", "pasos", 15)]
    assert page.codes == [(frozenset({"no-js", "md-content__inner", "x"}), "make  check", 19)]
    assert page.inline_scripts == ['var a = "<b>no es una etiqueta</b>";']
    assert page.content_scripts == [20]
    links = {(r.tag, r.attr, r.url): r for r in page.references}
    assert ("a", "href", "comentado/") not in links  # inside a comment
    about = links[("a", "href", "../acerca/")]
    assert (about.line, about.text, about.hreflang, about.in_content) == (11, "About us", "en", False)
    iess = links[("a", "href", "https://www.iess.gob.ec/")]
    assert iess.in_content and iess.in_review and iess.is_navigation
    assert [r.url for r in page.references if r.attr == "srcset"] == ["a.png", "b.png"]
    assert [(line, text) for line, _, text in page.blocked] == [(22, "style="), (22, "onclick="), (23, "javascript:")]


def test_the_theme_scripts_are_read_the_same_way_without_a_whole_parse():
    assert htmlpage.theme_scripts(PAGE) == htmlpage.parse(Path("x.html"), PAGE).inline_scripts


def test_every_built_page_gives_the_same_theme_scripts_both_ways(built_site):
    for path in htmlpage.site_pages(built_site):
        text = path.read_text(encoding="utf-8")
        assert htmlpage.theme_scripts(text) == htmlpage.parse(path, text).inline_scripts, path


def test_broken_html_still_reads():
    page = htmlpage.parse(Path("x.html"), '<p>sin cerrar <a href="a/">enlace sin cerrar\n<li id=x>')
    assert [(r.url, r.text) for r in page.references] == [("a/", "enlace sin cerrar")]
    assert page.ids == {"x": 2}
