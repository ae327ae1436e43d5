"""Read a YAML file and remember the line of every value, for errors that point at a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.core.errors import ContentError, relative

Location = tuple[Any, ...]


@dataclass
class YamlFile:
    """The parsed value of a YAML file plus the 1-based line of each key or item."""

    path: Path
    value: Any
    lines: dict[Location, int] = field(default_factory=dict)
    name: str = ""

    def line(self, location: Location) -> int:
        """The line of `location`, or of its nearest ancestor that has one."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def error(self, location: Location, message: str, hint: str | None = None) -> ContentError:
        return ContentError(self.name, self.line(location), message, hint)


class _Loader(yaml.SafeLoader):
    """The safe loader; a subclass so that constructing values never touches the global one."""


# libyaml parses about ten times faster; the node tree and its marks are the same.
_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, root: Path | None = None) -> YamlFile:
    """Parse `path`; raise ContentError for syntax errors and duplicate keys."""
    name = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(name, None, "file not found", "create it, or restore it from git") from None
    except UnicodeDecodeError:
        raise ContentError(name, None, "not valid UTF-8 text", "save the file as UTF-8") from None
    result = parse(text, name)
    result.path = path
    return result


def parse(text: str, name: str, first_line: int = 1) -> YamlFile:
    """Parse YAML text; `first_line` is the file line of the text's first line (front matter
    starts on line 2). Raise ContentError for syntax errors, duplicate keys and values that
    cannot be read (such as the date 2026-02-30)."""
    shift = first_line - 1
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, name, shift) from None
    result = YamlFile(path=Path(name), value=None, name=name)
    if node is None:
        return result
    result.lines[()] = node.start_mark.line + 1 + shift
    loader = _Loader("")
    result.value = _construct(node, (), result, loader, shift)
    return result


def _syntax_error(err: yaml.MarkedYAMLError, name: str, shift: int) -> ContentError:
    context = (err.context or "").strip()
    if "quoted scalar" in context and err.context_mark is not None:
        # The scanner reads on to the end of the file looking for the closing quote: the
        # mistake is where the quote opens.
        return ContentError(name, err.context_mark.line + 1 + shift, "a quote opened on this line is never closed",
                            "close it at the end of the text on the same line, or remove it", blocking=True)
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 + shift if mark else None
    problem = (err.problem or err.context or "invalid YAML").strip()
    if "mapping values are not allowed" in problem:
        return ContentError(name, line, "YAML syntax error: a second ':' on this line",
                            "put the text in quotes: key: \"text: more text\"", blocking=True)
    return ContentError(name, line, f"YAML syntax error: {problem}",
                        "check the indentation and quotes on this line and the one above", blocking=True)


def _construct(node: yaml.Node, location: Location, out: YamlFile, loader: _Loader, shift: int = 0) -> Any:
    if isinstance(node, yaml.MappingNode):
        value: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise out.error(location, "YAML merge keys ('<<') are not supported", "write the keys out")
            if key_node.tag == "tag:yaml.org,2002:str":
                key = key_node.value
            else:
                key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise ContentError(out.name, key_node.start_mark.line + 1 + shift, "a key must be plain text",
                                   "write the key as a simple word")
            child = location + (key,)
            if key in value:
                raise ContentError(
                    out.name, key_node.start_mark.line + 1 + shift,
                    f"key '{key}' appears twice in the same block",
                    f"keep only one; the first is on line {out.lines[child]}",
                )
            out.lines[child] = key_node.start_mark.line + 1 + shift
            value[key] = _construct(value_node, child, out, loader, shift)
        return value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = location + (index,)
            out.lines[child] = item_node.start_mark.line + 1 + shift
            items.append(_construct(item_node, child, out, loader, shift))
        return items
    if node.tag == "tag:yaml.org,2002:str":  # most values: skip the generic constructor
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as err:
        raise ContentError(out.name, node.start_mark.line + 1 + shift, f"cannot read this value: {err.problem}",
                           "quote the value") from None
    except ValueError as err:  # a timestamp that is not a real date, such as 2026-02-30
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise ContentError(out.name, node.start_mark.line + 1 + shift,
                               f"'{node.value}' is not a real date ({err})",
                               "write a date that exists, as YYYY-MM-DD", blocking=True) from None
        raise ContentError(out.name, node.start_mark.line + 1 + shift, f"cannot read '{node.value}': {err}",
                           "quote the value") from None
