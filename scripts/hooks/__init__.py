"""MkDocs hooks: thin adapters over the library modules in scripts/."""

from __future__ import annotations

import functools
import logging
import os
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from scripts.core.errors import ContentError, ContentErrors

log = logging.getLogger("mkdocs.plugins.guide")
PREVIEW_ENV = "GUIDE_PREVIEW"  # set by `make serve` (scripts/serve.py)


def preview() -> bool:
    return os.environ.get(PREVIEW_ENV) == "1"


@contextmanager
def build_errors():
    """Content problems stop the build with their one-line message, not a traceback."""
    try:
        yield
    except (ContentError, ContentErrors) as err:
        raise PluginError(str(err)) from None


def content_hook(function):
    """A hook that meets a content problem stops the build with its one-line message; in the
    live preview it prints the message and leaves its input as it was, so that the preview
    keeps running and recovers on the next save."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ContentError, ContentErrors) as err:
            if not preview():
                raise PluginError(str(err)) from None
            for problem in (err.errors if isinstance(err, ContentErrors) else [err]):
                log.error(str(problem))
            return args[0] if args else None
        except PluginError as err:
            if not preview():
                raise
            log.error(str(err))
            return args[0] if args else None

    return wrapper
