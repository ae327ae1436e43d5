"""MkDocs hooks: thin adapters over the library modules in scripts/."""

from __future__ import annotations

from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from scripts.errors import ContentError, ContentErrors


@contextmanager
def build_errors():
    """Content problems stop the build with their one-line message, not a traceback."""
    try:
        yield
    except (ContentError, ContentErrors) as err:
        raise PluginError(str(err)) from None
