"""Links: every internal link and anchor of the built site, offline (`internal.py`), and
the external links over HTTP (`linkcheck/`, `make linkcheck`)."""
