"""A page's provenance: when it was last reviewed, and the sources it rests on.

Pages that show procedures take both from data/; any page may add its own with front
matter (`reviewed: YYYY-MM-DD`, `sources: [source-id, …]`, or `sources: all`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from .catalog import Catalog, Source
from .errors import ContentError


@dataclass(frozen=True)
class Review:
    reviewed: dt.date
    sources: tuple[Source, ...]

    def context(self, language: str, labels: dict[str, str]) -> dict:
        """Plain values for the page template, already in the page's language."""
        return {
            "date": self.reviewed.isoformat(),
            "date_text": format_date(self.reviewed, format="long", locale=language),
            "sources": [
                {
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "date": s.date.isoformat(),
                    "date_text": _source_date(s, language, labels),
                    "kind": s.kind,
                    "language": s.language,
                    "kind_text": labels.get(f"source_{s.kind.replace('-', '_')}", s.kind),
                }
                for s in self.sources
            ],
        }


def _source_date(source: Source, language: str, labels: dict[str, str]) -> str:
    """'15 de noviembre de 2024', or 'consultado el 21 de noviembre de 2026' for an undated page."""
    text = format_date(source.date, format="long", locale=language)
    if source.date_kind == "consulted":
        return f"{labels.get('source_consulted', 'consulted')} {text}"
    return text


def _as_date(value, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(path, 1, f"front matter 'reviewed: {value}' is not a date",
                           "write it as YYYY-MM-DD") from None


def for_page(procedure_ids: list[str], meta: dict, catalog: Catalog, path: str) -> Review | None:
    """The oldest review date among the page's procedures and its front matter, and all their sources."""
    dates: list[dt.date] = []
    source_ids: list[str] = []
    for procedure_id in procedure_ids:
        procedure = catalog.procedures[procedure_id]
        dates.append(procedure.reviewed)
        source_ids.extend(procedure.sources)
    if "reviewed" in meta:
        dates.append(_as_date(meta["reviewed"], path))
    extra = meta.get("sources") or []
    if extra == "all":  # a page about the guide itself lists every source in data/
        extra = list(catalog.sources)
    if not isinstance(extra, list):
        raise ContentError(path, 1, "front matter 'sources' must be a list of source IDs",
                           "write sources: [id-one, id-two]")
    for source_id in extra:
        if source_id not in catalog.sources:
            raise ContentError(path, 1, f"front matter names unknown source '{source_id}'",
                               "use an ID from data/sources.yml")
        source_ids.append(source_id)
    if not dates:
        return None
    sources = tuple(catalog.sources[s] for s in dict.fromkeys(source_ids))
    return Review(min(dates), sources)
