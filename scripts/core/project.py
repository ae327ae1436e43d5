"""Where things are: the project's folders and languages, read from mkdocs.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from scripts.core.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: resolves `!ENV`, keeps other custom tags as plain values."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", _other_tag)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool

    @property
    def prefix(self) -> str:
        """URL prefix of this language's pages: '' for the default, 'en/' for the others."""
        return "" if self.default else f"{self.code}/"


PLUGIN = "service-guide"  # the plugin's name in mkdocs.yml (its entry point in pyproject.toml)


@dataclass(frozen=True)
class Project:
    """The folders of one guide, its languages and the plugin's settings. `root` holds mkdocs.yml."""

    root: Path

    @classmethod
    def here(cls) -> "Project":
        """The project in the current folder if it has a mkdocs.yml, else this checkout."""
        cwd = Path.cwd()
        return cls(cwd if (cwd / "mkdocs.yml").is_file() else ROOT)

    @cached_property
    def config(self) -> dict:
        path = self.root / "mkdocs.yml"
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        except FileNotFoundError:
            raise ContentError("mkdocs.yml", None, "file not found", "run this from the project folder") from None
        except yaml.MarkedYAMLError as err:
            line = err.problem_mark.line + 1 if err.problem_mark else None
            raise ContentError("mkdocs.yml", line, f"YAML syntax error: {err.problem}", "fix the line") from None

    @cached_property
    def settings(self):
        """The plugin's settings from mkdocs.yml, validated, with their defaults (scripts/config.py)."""
        from scripts.config import GuideConfig

        found: dict = {}
        for plugin in self.config.get("plugins", []) or []:
            if isinstance(plugin, dict) and PLUGIN in plugin:
                found = plugin[PLUGIN] or {}
        settings = GuideConfig()
        settings.load_dict(found)
        errors, _ = settings.validate()
        if errors:
            name, error = errors[0]
            raise ContentError("mkdocs.yml", None, f"plugins: {PLUGIN}: '{name}': {error}",
                               "see scripts/config.py for every setting, its type and default")
        return settings

    @cached_property
    def languages(self) -> tuple[Language, ...]:
        for plugin in self.config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                found = tuple(
                    Language(item["locale"], item.get("name", item["locale"]), bool(item.get("default")))
                    for item in plugin["i18n"]["languages"]
                )
                # The default language first: it is the source that the others translate.
                return tuple(sorted(found, key=lambda lang: not lang.default))
        raise ContentError("mkdocs.yml", None, "no i18n plugin with languages", "configure plugins.i18n.languages")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def docs_dir(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    @property
    def site_dir(self) -> Path:
        return self.root / self.config.get("site_dir", "site")

    @property
    def data_dir(self) -> Path:
        return self.root / self.settings.data_dir

    @property
    def site_url(self) -> str:
        url = self.config.get("site_url") or "/"
        return url if url.endswith("/") else url + "/"

    @property
    def site_path(self) -> str:
        """The site's path on its host: '/' or, on a project site, '/repository/'."""
        from urllib.parse import urlsplit

        return urlsplit(self.site_url).path or "/"

    def language_dir(self, code: str) -> Path:
        return self.docs_dir / code

    def pages(self, code: str) -> list[Path]:
        """Every Markdown page of one language, sorted."""
        return sorted(self.language_dir(code).rglob("*.md"))

    def page_language(self, path: Path) -> str | None:
        """The language of a page in docs/, from its folder; None outside a language folder."""
        try:
            first = path.resolve().relative_to(self.docs_dir.resolve()).parts[0]
        except (ValueError, IndexError):
            return None
        return first if first in self.codes else None

    def counterpart(self, path: Path, code: str) -> Path:
        """The same page in another language."""
        rel = path.resolve().relative_to(self.language_dir(self.page_language(path)).resolve())
        return self.language_dir(code) / rel

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
