"""One run's view of the project: each thing read or computed once, then shared.

`make check` hands one session to every check, the build's plugin keeps one per build,
and the post-build pass one per site folder. What a session knows it computes on first
use: the facts in data/, the pages, their explicit IDs, the answers people link to, the
anchor lock resolved against the pages, and each built site folder (every built page is
parsed once, whatever number of checks read it).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project


class Session:
    def __init__(self, project: Project, memo: dict | None = None):
        self.project = project
        self._sites: dict[Path, object] = {}
        self.stamp = self._stamp()
        # What is derived from a page's text, kept by content across sessions by whoever
        # makes them one after another (the live preview): one edit rescans one page.
        self.memo = memo
    def _stamp(self) -> int:
        """The sources as they are now: every file of docs/ and data/ and mkdocs.yml, by size
        and time of change."""
        found = []
        for folder in (self.project.docs_dir, self.project.data_dir):
            if folder.is_dir():
                for path in folder.rglob("*"):
                    info = path.stat()
                    found.append((str(path), info.st_mtime_ns, info.st_size))
        config = self.project.root / "mkdocs.yml"
        if config.is_file():
            info = config.stat()
            found.append((str(config), info.st_mtime_ns, info.st_size))
        return hash(tuple(sorted(found)))

    def stale(self) -> bool:
        """A source changed since the session read it (the live preview rebuilds)."""
        return self._stamp() != self.stamp

    @property
    def settings(self):
        return self.project.settings

    @cached_property
    def catalog(self):
        """The facts in data/, validated (raises ContentErrors)."""
        from scripts.core import facts

        return facts.load(self.project)

    @cached_property
    def catalog_or_none(self):
        """The facts, or None when data/ has errors (the data check reports them)."""
        try:
            return self.catalog
        except (ContentError, ContentErrors):
            return None

    @cached_property
    def pages(self) -> dict:
        """Every page of every language, keyed by language."""
        from scripts.core.pages import all_pages

        return all_pages(self.project)

    @cached_property
    def _by_path(self) -> dict:
        return {page.path.resolve(): page for pages in self.pages.values() for page in pages}

    def page_at(self, path):
        """The page a file in docs/ is (MkDocs passes `page.file.abs_src_path`), read once;
        None outside a language folder."""
        from scripts.core.pages import page_at

        return self._by_path.get(Path(path).resolve()) or page_at(self.project, path)

    @cached_property
    def pairs(self) -> dict:
        """rel path -> {language: page}: the same page in each language."""
        out: dict = {}
        for code, pages in self.pages.items():
            for page in pages:
                out.setdefault(page.rel, {})[code] = page
        return dict(sorted(out.items()))

    @cached_property
    def scanned(self) -> dict:
        """rel path -> {language: the page's explicit IDs}, with steps filled from data/."""
        from scripts.anchors import ids

        memo = None
        if self.memo is not None:
            memo = self.memo.setdefault("scans", {})
            live = {(page.path, page.text) for pages in self.pages.values() for page in pages}
            for key in [k for k in memo if (k[0], k[1]) not in live]:
                del memo[key]  # pages edited or gone
        return ids.scan_pairs(self.project, self.pairs, self.catalog_or_none, memo, self.facts_key)

    @cached_property
    def facts_key(self) -> int:
        """The data files as they are: what a page's scan depends on besides its text."""
        folder = self.project.data_dir
        return hash(tuple((p.name, p.read_bytes()) for p in sorted(folder.glob("*.yml")))) if folder.is_dir() else 0

    @cached_property
    def answers(self) -> list:
        """Everything people link to, in reading order (scripts/answers/collect.py)."""
        from scripts.answers import collect

        return collect.collect(self.project, self.catalog, self.scanned)

    @cached_property
    def trees(self) -> dict[str, list]:
        """language -> (page path, tree) for every valid troubleshooting tree (scripts/trees/)."""
        from scripts.trees import model

        out: dict[str, list] = {}
        for rel, versions in self.pairs.items():
            for code, page in versions.items():
                if model.is_tree(page) and not model.validate(tree := model.from_page(page, self.project)):
                    out.setdefault(code, []).append((rel, tree))
        return out

    @cached_property
    def vocabularies(self) -> dict:
        """Words people use, per language (data/search/; scripts/search/vocabulary.py)."""
        from scripts.search import vocabulary

        return vocabulary.load_all(self.project)

    @cached_property
    def lock(self):
        from scripts.anchors import lock

        return lock.load(self.project)

    @cached_property
    def resolution(self):
        """The anchor lock checked against the pages: problems, aliases, redirects."""
        from scripts.anchors import lock

        return lock.resolve(self.project, self.lock, self.scanned)

    def site(self, site_dir: Path, fresh: bool = False):
        """The built site in `site_dir`: each page parsed once, on first use. `fresh`: the
        folder was just (re)built, forget what was read from it before."""
        from scripts.core.site import BuiltSite

        key = Path(site_dir).resolve()
        if fresh or key not in self._sites:
            self._sites[key] = BuiltSite(key, self.project.site_url)
        return self._sites[key]
