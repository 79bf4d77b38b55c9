"""YAML reading that remembers where every value came from (file and line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kyodo.errors import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Located:
    """A YAML document as plain Python data plus the line of every path in it."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known path that prefixes ``loc`` (1 when none)."""
        for n in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:n]))
            if line is not None:
                return line
        return 1


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*loc, "<key>"))
                if isinstance(key, list | dict):
                    self.problems.append(
                        Problem(
                            self.file, key_node.start_mark.line + 1, _dotted(loc) or "(top)", "a key must be a scalar"
                        )
                    )
                    continue
                if key in out:
                    self.problems.append(
                        Problem(
                            self.file,
                            key_node.start_mark.line + 1,
                            _dotted((*loc, key)),
                            f"duplicate key '{key}' (each key may appear once)",
                        )
                    )
                out[key] = self.build(value_node, (*loc, key))
            self.lines.pop((*loc, "<key>"), None)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return _CONSTRUCTOR.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.file, node.start_mark.line + 1, _dotted(loc), f"bad scalar: {exc}"))
            return None


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def dotted(loc: Loc) -> str:
    return _dotted(loc)


def read_yaml(path: Path, display: str | None = None) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML file. Returns the located data, or None and the problems."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, 1, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, 0, "(file)", f"cannot read: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(name, line, "(yaml)", f"YAML syntax error: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, "(yaml)", f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(name, 1, "(file)", "the file is empty (a mapping is expected)")]
    builder = _Builder(name)
    data = builder.build(node, ())
    if not isinstance(data, dict):
        builder.problems.append(Problem(name, 1, "(top)", "the document must be a mapping of fields"))
    if builder.problems:
        return None, builder.problems
    return Located(name, data, builder.lines), []
