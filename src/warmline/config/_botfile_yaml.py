"""Reading a bot file's YAML strictly, and the error that explains what is wrong with a bot file.

The loader refuses duplicate keys and does not read YAML 1.1 base-60 numbers (``10:00`` stays the text
``"10:00"`` instead of becoming 600). The node tree is kept so problems can name their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from warmline.domain import ConfigError

__all__ = ["BotFileError", "BotFileProblem", "line_of", "read_yaml"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BotFileProblem:
    """One thing wrong with a bot file: where (field path and line), what, and how to fix it."""

    field: str | None
    message: str
    fix: str
    line: int | None = None

    def describe(self) -> str:
        """One line: ``field: message (line N) (fix: …)``."""
        where = f"{self.field}: " if self.field else ""
        line = f" (line {self.line})" if self.line else ""
        return f"{where}{self.message}{line} (fix: {self.fix})"


class BotFileError(ConfigError):
    """A bot file that cannot be used. ``field``/``fix`` describe the first (most useful) problem;
    ``problems`` holds all of them, and the message lists every one."""

    def __init__(self, file: Path | str, problems: list[BotFileProblem]) -> None:
        first = problems[0]
        message = first.message + (f" (line {first.line})" if first.line else "")
        super().__init__(message, file=str(file), field=first.field, fix=first.fix)
        if len(problems) > 1:
            more = "\n".join(f"  - {p.describe()}" for p in problems[1:])
            self.message = f"{self.message}\n  and {len(problems) - 1} more:\n{more}"
            self.args = (self.message,)
        self.problems = tuple(problems)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without base-60 numbers (``10:00`` stays text) and refusing duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key != "<<" and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key {key!r} appears twice",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# YAML 1.1 reads 10:00 as 600 (base 60) but keeps 09:00 as text; drop the base-60 forms of int/float.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _INT,
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_StrictLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The parsed document and its node tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BotFileError(path, [BotFileProblem(
            field=None, message="bot file not found",
            fix="check the path; pass --bot or set WARMLINE_BOT to an existing bots/<name>.yaml")]) from None
    except IsADirectoryError:
        raise BotFileError(path, [BotFileProblem(
            field=None, message="this is a folder, not a bot file",
            fix="point at the YAML file inside it, e.g. bots/demo-shop.yaml")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BotFileError(path, [BotFileProblem(
            field=None, message=f"bot file cannot be read: {exc}",
            fix="make the file readable and save it as UTF-8")]) from exc
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise BotFileError(path, [BotFileProblem(
            field=where, message=f"the YAML cannot be read: {what}",
            fix="check the indentation and quoting there; put text with ':', '#', '{' or '[' in quotes "
                "and give each key only once")]) from None
    except yaml.YAMLError as exc:
        raise BotFileError(path, [BotFileProblem(
            field=None, message=f"the YAML cannot be read: {exc}", fix="check the file's syntax")]) from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest node on ``loc`` that exists (the parent, for a missing key)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for item in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if str(k.value) == str(item)), None)
            if child is not None:
                key = next(k for k, v in node.value if v is child)
                line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int) and item < len(node.value):
            child = node.value[item]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
