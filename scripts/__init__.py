"""Generator for a bilingual self-help guide: data, sync, checks and MkDocs hooks.

Nothing in this package knows about one public service: every fact lives in
`data/` and `docs/`.
"""
