"""The words every feature shares: what an ID looks like, and a language's name in messages."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
ID_HINT = "use lowercase ASCII words joined by '-', for example 'abrir-enlace'"
# An answer's ID: the page's path without .md, then '#' and the heading's ID
# ('preguntas-frecuentes#cuesta-dinero', 'problemas/correo-no-llega#revisar-spam').
ANSWER_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*(#[a-z0-9]+(-[a-z0-9]+)*)?$"
ANSWER_ID_HINT = "write the page path without .md, '#', then the heading's ID, like 'folder/page#heading-id'"


@lru_cache(maxsize=None)
def language_name(code: str) -> str:
    """'en' -> 'English': error messages are in English."""
    try:
        return Locale.parse(code).get_display_name("en")
    except Exception:  # an unknown code still gets a readable message
        return code
