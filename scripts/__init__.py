"""A generator for bilingual self-help guides to a public service: one MkDocs plugin
(`plugin.py`, settings in `config.py`), Python-Markdown extensions, a post-build pass and
the checks of `make check`, grouped by feature. Nothing here knows which service: every
fact lives in data/ and docs/."""
