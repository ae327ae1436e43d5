"""Settings of the external link checker: built-in defaults < data/linkcheck.yml < options.

Each field below carries its default; data/linkcheck.yml documents the same keys for
editors, and `python -m scripts linkcheck --help` shows them next to each option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from scripts.core import yamlfile
from scripts.core.errors import ContentError, ContentErrors

DEFAULT_FILE = "data/linkcheck.yml"
DEFAULT_HEADERS = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Encoding": "gzip, deflate"}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_HOST_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")


def parse_duration(value: Any) -> float:
    """Seconds from 90, '90s', '30m', '12h' or '1d'."""
    if isinstance(value, bool):
        raise ValueError("write a duration such as 3600, '30m', '12h' or '1d'")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION_RE.match(str(value))
        if not match:
            raise ValueError(f"'{value}' is not a duration; write 3600, '30m', '12h' or '1d'")
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


def format_duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as err:
        raise ValueError(f"'{value}' is not a regular expression: {err}") from None
    return value


def _host_name(value: str) -> str:
    if not _HOST_RE.match(value):
        raise ValueError(f"'{value}' is not a host name; write it in lowercase, like 'www.example.org'")
    return value


Duration = Annotated[float, BeforeValidator(parse_duration)]
Pattern = Annotated[str, AfterValidator(_pattern)]
HostName = Annotated[str, AfterValidator(_host_name)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HostSettings(_Strict):
    """Overrides for one host and its subdomains. Unset keys use the top-level value."""

    concurrency: int | None = Field(None, ge=1)
    interval: float | None = Field(None, ge=0)
    timeout: float | None = Field(None, gt=0)
    method: Literal["head", "get"] | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    unverified_status: list[int] | None = None
    check_fragments: bool | None = None


class Settings(_Strict):
    # One request
    timeout: float = Field(10.0, gt=0)  # seconds for one request, from connecting to the last byte read
    retries: int = Field(2, ge=0)  # extra tries after a timeout, a dropped connection, a 5xx or a 429
    backoff: float = Field(1.0, ge=0)  # seconds before the first retry; doubled for each next one
    retry_after_max: float = Field(30.0, ge=0)  # longest wait a Retry-After header is obeyed for
    max_redirects: int = Field(5, ge=0)  # redirects followed before a link counts as broken
    user_agent: str = Field("Mozilla/5.0 (compatible; linkcheck; +python-httpx)", min_length=1)
    headers: dict[str, str] = Field(default_factory=dict)  # sent with every request

    # Politeness and time
    concurrency: int = Field(16, ge=1)  # requests in flight, all hosts together
    host_concurrency: int = Field(2, ge=1)  # requests in flight to one host
    host_interval: float = Field(0.5, ge=0)  # seconds between the starts of two requests to one host
    deadline: float = Field(300.0, gt=0)  # seconds for the whole run; links left are 'unverified'

    # Results
    cache_max_age: Duration = 86400.0  # a working link is not asked again for this long
    unverified_status: list[int] = Field(default_factory=lambda: [403, 999])  # 'the site refused the checker'
    check_fragments: bool = True  # fetch pages whose link has a #fragment and look for that id
    exclude: list[Pattern] = Field(default_factory=list)  # regular expressions; a matching URL is not checked
    hosts: dict[HostName, HostSettings] = Field(default_factory=dict)

    def host(self, hostname: str) -> "HostRules":
        """The settings for one host: the most specific `hosts` entry over the top-level keys."""
        hostname = (hostname or "").lower().rstrip(".")
        matches = [name for name in self.hosts if hostname == name or hostname.endswith("." + name)]
        own = self.hosts[max(matches, key=len)] if matches else HostSettings()
        pick = lambda value, default: default if value is None else value  # noqa: E731
        return HostRules(
            key=max(matches, key=len) if matches else hostname,
            concurrency=pick(own.concurrency, self.host_concurrency),
            interval=pick(own.interval, self.host_interval),
            timeout=pick(own.timeout, self.timeout),
            method=pick(own.method, "head"),
            headers={"User-Agent": self.user_agent, **DEFAULT_HEADERS, **self.headers, **own.headers},
            unverified_status=frozenset(pick(own.unverified_status, self.unverified_status)),
            check_fragments=pick(own.check_fragments, self.check_fragments),
        )

    def excluded_by(self, url: str) -> str | None:
        """The first `exclude` pattern that matches `url`, or None."""
        return next((p for p in self.exclude if re.search(p, url)), None)


@dataclass(frozen=True)
class HostRules:
    key: str  # the `hosts` entry that applies, or the host itself; one limiter per key
    concurrency: int
    interval: float
    timeout: float
    method: str
    headers: dict[str, str]
    unverified_status: frozenset[int]
    check_fragments: bool


def load(path: Path, root: Path | None = None, *, required: bool = False) -> Settings:
    """Read a settings file. A missing file means the defaults, unless `required`."""
    if not path.exists() and not required:
        return Settings()
    file = yamlfile.load(path, root)
    if file.value is None:
        return Settings()
    if not isinstance(file.value, dict):
        raise file.error((), "the settings should be a block of keys", "see the comments at the top of the file")
    try:
        return Settings.model_validate(file.value)
    except ValidationError as err:
        raise ContentErrors(_explain(file, err)) from None


def override(settings: Settings, **changes: Any) -> Settings:
    """A copy with the options given on the command line (None means 'not given')."""
    changes = {key: value for key, value in changes.items() if value is not None}
    try:
        return Settings.model_validate({**settings.model_dump(), **changes})
    except ValidationError as err:
        item = err.errors()[0]
        name = "--" + str(item["loc"][0]).replace("_", "-")
        raise ContentError("command line", None, f"{name}: {item['msg']}", "see --help") from None


def _explain(file: yamlfile.YamlFile, error: ValidationError) -> list[ContentError]:
    out = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if part != "[key]")
        key = ".".join(str(part) for part in loc) or "the file"
        if item["type"] == "extra_forbidden":
            message, hint = f"unknown key '{key}'", "check its spelling; the comments at the top list every key"
        elif item["type"] == "missing":
            message, hint = f"'{key}' is missing", "add it"
        else:
            message = item["msg"].removeprefix("Value error, ")
            message, hint = f"'{key}': {message[0].lower()}{message[1:]}", "the comments at the top give each key's form"
        out.append(file.error(loc, message, hint))
    return out
