"""DESIGN.md's structural rules, checked with ``ast`` over src/warmline (nothing is imported or run).

Rules, each failure naming the file, the line and the rule:

- ``layers``: a layer imports only the layers DESIGN.md allows (``domain`` nothing of ours; ``knowledge``,
  ``signals``, ``channels``, ``shops``, ``store``, ``config`` only ``domain``; ``policy`` ``domain`` and
  ``signals``; ``handoff`` ``domain``, ``policy`` and ``signals``; ``engine`` everything below it;
  ``runtime`` everything but ``web`` and ``cli``; ``web`` everything but ``cli``; ``cli`` everything).
  Imports count however they are written: ``import``/``from``, ``importlib.import_module("…")``,
  ``__import__("…")`` and attribute access after ``import warmline``. A new top-level folder must be
  added here.
- ``third-party``: a library lives in its layer (``LIBRARY_HOMES``): only ``web`` imports fastapi or
  starlette, only ``cli`` typer, only ``store`` SQLAlchemy, only ``knowledge`` Chroma and LangChain,
  only ``runtime`` Redis and Prometheus; ``domain`` imports nothing outside the standard library.
- ``slack-sdk``: slack_bolt / slack_sdk only in ``channels/staff/slack*.py`` (or a ``slack`` package there).
- ``telegram-sdk``: telegram only in ``channels/telegram*.py`` (or a ``telegram`` package there).
- ``import-cycle``: no cycle among our modules' imports (a package's ``__init__`` re-exporting its own
  submodules is not a cycle).
- ``folder-size``: no folder holds more than ``MAX_MODULES_PER_FOLDER`` modules directly.
- ``no-print``: no ``print(...)`` outside ``cli`` (library code logs).
- ``module-docstring`` / ``class-docstring``: every module and every public class has a docstring.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "warmline"
PACKAGE = "warmline"

# layer -> layers it may import (besides itself). None = anything (only the CLI sees everything).
_BELOW_ENGINE = frozenset({"domain", "knowledge", "signals", "policy", "handoff", "channels", "shops", "store",
                           "config"})
ALLOWED_LAYERS: dict[str, frozenset[str] | None] = {
    "domain": frozenset(),
    "knowledge": frozenset({"domain"}),
    "signals": frozenset({"domain"}),
    "channels": frozenset({"domain"}),
    "shops": frozenset({"domain"}),
    "store": frozenset({"domain"}),
    "config": frozenset({"domain"}),
    "policy": frozenset({"domain", "signals"}),
    "handoff": frozenset({"domain", "policy", "signals"}),
    "engine": _BELOW_ENGINE,
    "runtime": _BELOW_ENGINE | {"engine"},
    "web": _BELOW_ENGINE | {"engine", "runtime"},
    "cli": None,
}
# Modules directly in src/warmline: the package's __init__ stays import-free (every import of any
# layer runs it); other top-level modules (a __main__) may start the command line.
TOP_LEVEL_INIT_ALLOWED: frozenset[str] = frozenset()
TOP_LEVEL_ALLOWED: frozenset[str] = frozenset({"cli"})
MAX_MODULES_PER_FOLDER = 15

# library (top-level import name) -> the layers that may import it. Libraries not listed may be used anywhere
# but in ``domain``, which imports only the standard library.
LIBRARY_HOMES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("fastapi", "starlette"), frozenset({"web"})),
    "uvicorn": frozenset({"web", "cli"}),
    **dict.fromkeys(("typer", "rich"), frozenset({"cli"})),
    **dict.fromkeys(("sqlalchemy", "alembic", "asyncpg", "aiosqlite", "psycopg"), frozenset({"store"})),
    **dict.fromkeys(("chromadb", "langchain", "langchain_core", "langchain_chroma", "langchain_openai",
                     "onnxruntime", "tokenizers", "bm25s", "lingua"), frozenset({"knowledge"})),
    **dict.fromkeys(("redis", "prometheus_client"), frozenset({"runtime"})),
}
SLACK_SDKS = frozenset({"slack_bolt", "slack_sdk"})
TELEGRAM_SDKS = frozenset({"telegram"})


@dataclass(frozen=True)
class Violation:
    """One broken rule at one place in the source tree."""

    path: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.detail}"


@dataclass(frozen=True)
class Module:
    """A parsed source file with the names needed to resolve its imports."""

    rel: tuple[str, ...]  # path parts below the package root, e.g. ("knowledge", "_sources.py")
    display: str  # path shown in failures
    dotted: str  # e.g. "warmline.knowledge._sources"
    package: str  # what relative imports resolve against, e.g. "warmline.knowledge"
    tree: ast.Module

    @property
    def layer(self) -> str | None:
        """The top-level folder the module lives in; None for modules directly in the package."""
        return self.rel[0] if len(self.rel) > 1 else None


def load_modules(root: Path) -> list[Module]:
    """Parse every ``.py`` file below ``root`` (the ``warmline`` package folder)."""
    modules = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        parts = [PACKAGE, *rel[:-1]]
        is_init = rel[-1] == "__init__.py"
        dotted = ".".join(parts if is_init else [*parts, rel[-1][:-3]])
        display = str(Path("src", PACKAGE, *rel))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=display)
        modules.append(Module(rel=rel, display=display, dotted=dotted, package=".".join(parts), tree=tree))
    return modules


def imported_modules(module: Module) -> Iterator[tuple[int, str]]:
    """(line, absolute dotted name) of everything the module imports, relative imports resolved.

    ``from pkg import name`` yields ``pkg.name``: the name may be a submodule, and when ``pkg`` is
    our package root that is what tells which layer is imported. ``importlib.import_module("x")`` and
    ``__import__("x")`` with a literal name count as imports of ``x``; after ``import warmline`` (or
    ``import warmline.a as w``), ``warmline.store.thing`` counts as an import of ``warmline.store.thing``.
    """
    bound: dict[str, str] = {}  # local name -> the module of ours it is bound to
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
                if alias.name.split(".")[0] == PACKAGE:
                    bound[alias.asname or PACKAGE] = alias.name if alias.asname else PACKAGE
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = module.package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            for alias in node.names:
                yield node.lineno, base if alias.name == "*" else f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and (name := _dynamic_import(node)) is not None:
            yield node.lineno, name
    if bound:
        yield from _attribute_imports(module.tree, bound)


def _dynamic_import(call: ast.Call) -> str | None:
    """The literal module name of ``importlib.import_module("x")`` / ``import_module("x")`` / ``__import__("x")``."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if called not in {"import_module", "__import__"} or not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _attribute_imports(tree: ast.Module, bound: dict[str, str]) -> Iterator[tuple[int, str]]:
    """``warmline.a.b`` attribute chains on a name bound by ``import warmline…``, outermost chains only."""
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts, base = [], node
            while isinstance(base, ast.Attribute):
                parts.append(base.attr)
                inner.add(id(base.value))
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                yield node.lineno, ".".join([bound[base.id], *reversed(parts)])


def _our_layer(name: str) -> str | None:
    """The layer an import of ours targets; "" for the package root itself; None if not ours."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1 or parts[1] not in ALLOWED_LAYERS:
        return ""  # the root package (e.g. warmline.__version__), which imports nothing
    return parts[1]


def check_layers(module: Module) -> Iterator[Violation]:
    """Layer rule: imports of ours go only in the directions DESIGN.md allows."""
    layer = module.layer
    if layer is None:
        allowed = TOP_LEVEL_INIT_ALLOWED if module.rel[-1] == "__init__.py" else TOP_LEVEL_ALLOWED
        where = f"{PACKAGE}/{module.rel[-1]}"
    elif layer not in ALLOWED_LAYERS:
        yield Violation(module.display, 1, "layers",
                        f"'{layer}' is not a layer in DESIGN.md; add it there and to ALLOWED_LAYERS in "
                        "tests/test_architecture.py, or move the module into an existing layer")
        return
    else:
        maybe_allowed = ALLOWED_LAYERS[layer]
        if maybe_allowed is None:
            return
        allowed = maybe_allowed
        where = layer
    for line, name in imported_modules(module):
        target = _our_layer(name)
        if target in (None, "", layer) or target in allowed:
            continue
        may = ", ".join(sorted(allowed)) or "nothing of ours"
        yield Violation(module.display, line, "layers", f"{where} may import only {may}; imports {name}")


def _imports_any(module: Module, roots: frozenset[str]) -> Iterator[tuple[int, str]]:
    for line, name in imported_modules(module):
        if name.split(".")[0] in roots:
            yield line, name


def _is_named_module(module: Module, *, under: tuple[str, ...], name: str) -> bool:
    """True for ``<under>/<name>*.py`` and anything inside a ``<under>/<name>*/`` package."""
    rel = module.rel
    if rel[: len(under)] != under or len(rel) <= len(under):
        return False
    return rel[len(under)].startswith(name)


def check_third_party(module: Module) -> Iterator[Violation]:
    """A library is imported only in its layer; only a channel's own module imports its SDK."""
    layer = module.layer
    for line, name in imported_modules(module):
        root = name.split(".")[0]
        if root in (PACKAGE, "__future__", ""):
            continue
        homes = LIBRARY_HOMES.get(root)
        if layer == "domain" and root not in sys.stdlib_module_names:
            yield Violation(module.display, line, "third-party",
                            f"domain imports only the standard library; imports {name}")
        elif homes is not None and layer not in homes:
            where = " or ".join(f"warmline.{home}" for home in sorted(homes))
            yield Violation(module.display, line, "third-party", f"only {where} may import {root}; imports {name}")
    if not _is_named_module(module, under=("channels", "staff"), name="slack"):
        for line, name in _imports_any(module, SLACK_SDKS):
            yield Violation(module.display, line, "slack-sdk",
                            "only src/warmline/channels/staff/slack* may import the Slack SDK; "
                            f"imports {name}")
    if not _is_named_module(module, under=("channels",), name="telegram"):
        for line, name in _imports_any(module, TELEGRAM_SDKS):
            yield Violation(module.display, line, "telegram-sdk",
                            "only src/warmline/channels/telegram* may import the Telegram SDK; "
                            f"imports {name}")


def check_no_print(module: Module) -> Iterator[Violation]:
    """Library code logs; only the command line (``cli``) prints."""
    if module.layer == "cli":
        return
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            yield Violation(module.display, node.lineno, "no-print",
                            "print() outside src/warmline/cli; use logging.getLogger(__name__)")


def _public_classes(body: list[ast.stmt]) -> Iterator[ast.ClassDef]:
    """Public classes at module level and nested in public classes (not those local to functions)."""
    for node in body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield node
            yield from _public_classes(node.body)


def check_docstrings(module: Module) -> Iterator[Violation]:
    """Every module and every public class says what it is for."""
    if not (ast.get_docstring(module.tree) or "").strip():
        yield Violation(module.display, 1, "module-docstring", "module has no docstring")
    for cls in _public_classes(module.tree.body):
        if not (ast.get_docstring(cls) or "").strip():
            yield Violation(module.display, cls.lineno, "class-docstring",
                            f"public class {cls.name} has no docstring")


CHECKS = (check_layers, check_third_party, check_no_print, check_docstrings)


def check_folder_sizes(modules: list[Module]) -> Iterator[Violation]:
    """No folder holds more than ``MAX_MODULES_PER_FOLDER`` modules directly (``__init__`` not counted)."""
    by_folder: dict[tuple[str, ...], int] = {}
    for module in modules:
        if module.rel[-1] != "__init__.py":
            by_folder[module.rel[:-1]] = by_folder.get(module.rel[:-1], 0) + 1
    for folder, count in sorted(by_folder.items()):
        if count > MAX_MODULES_PER_FOLDER:
            display = str(Path("src", PACKAGE, *folder))
            yield Violation(display, 0, "folder-size",
                            f"{count} modules directly in one folder (at most {MAX_MODULES_PER_FOLDER}): "
                            "split it into sub-folders by idea")


def _import_graph(modules: list[Module]) -> dict[str, dict[str, int]]:
    """module -> {module of ours it imports: first line}; ``pkg.name`` resolves to the longest known module."""
    known = {m.dotted for m in modules}
    graph: dict[str, dict[str, int]] = {m.dotted: {} for m in modules}
    for module in modules:
        for line, name in imported_modules(module):
            parts = name.split(".")
            if parts[0] != PACKAGE:
                continue
            target = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in known),
                          None)
            # A package's __init__ re-exporting its own submodules is how a package is assembled, not a cycle.
            if target is None or target == module.dotted or (target.startswith(module.dotted + ".") and \
                    module.rel[-1] == "__init__.py"):
                continue
            graph[module.dotted].setdefault(target, line)
    return graph


def check_import_cycles(modules: list[Module]) -> Iterator[Violation]:
    """No cycle among our modules (Tarjan's strongly connected components); one violation per cycle."""
    graph = _import_graph(modules)
    display = {m.dotted: m.display for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    for component in components:
        first = component[0]
        nxt = next(target for target in graph[first] if target in component)
        yield Violation(display[first], graph[first][nxt], "import-cycle",
                        "import cycle between " + ", ".join(component))


def check_tree(root: Path) -> list[Violation]:
    """Every violation of every rule below ``root``."""
    modules = load_modules(root)
    per_module = [v for module in modules for check in CHECKS for v in check(module)]
    return [*per_module, *check_folder_sizes(modules), *check_import_cycles(modules)]


def _report(violations: list[Violation]) -> str:
    return "\n" + "\n".join(str(v) for v in violations)


# --- the rules, on the real source tree -----------------------------------------------------------

RULE_GROUPS = {
    "layers": {"layers"},
    "third-party": {"third-party", "slack-sdk", "telegram-sdk"},
    "import-cycles": {"import-cycle"},
    "folder-size": {"folder-size"},
    "no-print": {"no-print"},
    "docstrings": {"module-docstring", "class-docstring"},
}


@pytest.fixture(scope="module")
def source_violations() -> list[Violation]:
    return check_tree(SRC)


def test_the_source_tree_is_found() -> None:
    modules = load_modules(SRC)
    layers = {m.layer for m in modules}
    assert {"domain", "engine", "web", "cli"} <= layers, f"expected the package at {SRC}, found layers {layers}"


@pytest.mark.parametrize("group", list(RULE_GROUPS))
def test_source_follows_design_rules(group: str, source_violations: list[Violation]) -> None:
    broken = [v for v in source_violations if v.rule in RULE_GROUPS[group]]
    assert not broken, _report(broken)


# --- the checker itself, on synthetic trees -------------------------------------------------------

def _write_tree(root: Path, files: dict[str, str]) -> Path:
    pkg = root / PACKAGE
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


DOC = '"""Doc."""\n'


def _rules(violations: list[Violation]) -> list[tuple[str, int, str]]:
    return sorted((v.path, v.line, v.rule) for v in violations)


def test_clean_synthetic_tree_passes(tmp_path: Path) -> None:
    pkg = _write_tree(tmp_path, {
        "__init__.py": DOC,
        "domain/__init__.py": DOC + "from ._types import Thing\nimport datetime\n",
        "domain/_types.py": DOC + "class Thing:\n    \"\"\"A thing.\"\"\"\n\nclass _Private:\n    pass\n",
        "knowledge/__init__.py": DOC + "from warmline.domain import Thing\nfrom . import _index\n",
        "knowledge/_index.py": DOC + "from ..domain import Thing\nimport chromadb\n",
        "policy/rules.py": DOC + "from warmline.signals import score\nfrom warmline import domain\n",
        "handoff/route.py": DOC + "from warmline.policy import rules\n",
        "channels/telegram.py": DOC + "import telegram\n",
        "channels/staff/slack/_app.py": DOC + "from slack_bolt.async_app import AsyncApp\n",
        "store/_sql.py": DOC + "import sqlalchemy\n",
        "engine/pipeline.py": DOC + "from warmline.handoff import route\nfrom warmline.store import _sql\n",
        "runtime/services.py": DOC + "import redis\nfrom warmline.engine import pipeline\n",
        "web/routes.py": DOC + "from fastapi import APIRouter\nfrom warmline.runtime import services\n",
        "cli/main.py": DOC + "import typer\nimport uvicorn\nfrom warmline.web import routes\nprint('hi')\n",
    })
    assert check_tree(pkg) == []


def test_each_rule_is_caught_with_file_and_line(tmp_path: Path) -> None:
    pkg = _write_tree(tmp_path, {
        "__init__.py": DOC + "from warmline.web import routes\n",
        "domain/_types.py": DOC + "\nfrom warmline.knowledge import search\nimport sqlalchemy\n",
        "knowledge/_index.py": DOC + "from ..policy import decide\nimport fastapi\n",
        "store/_sql.py": DOC + "from .. import channels\n",
        "policy/rules.py": DOC + "import warmline.handoff.route\nimport chromadb\n",
        "policy/dynamic.py": DOC + "import importlib\nimportlib.import_module('warmline.store')\n"
                                   "__import__('warmline.channels.meta')\n",
        "policy/attribute.py": DOC + "import warmline\n\nx = warmline.store.Store\n",
        "signals/emotion.py": DOC + "def f():\n    print('x')\n",
        "channels/web.py": DOC + "from slack_sdk import WebClient\nimport telegram.ext\n",
        "channels/staff/inbox.py": DOC + "import slack_bolt\n",
        "engine/desk.py": DOC + "import typer\nfrom starlette.requests import Request\nfrom warmline.web import app\n",
        "engine/a.py": DOC + "from warmline.engine import b\n",
        "engine/b.py": DOC + "from warmline.engine import a\n",
        "web/routes.py": "import fastapi\n\nclass Router:\n    pass\n",
        "extras/thing.py": DOC,
        **{f"shops/s{n}.py": DOC for n in range(16)},
    })
    got = _rules(check_tree(pkg))
    src = str(Path("src", PACKAGE))
    assert got == sorted([
        (f"{src}/__init__.py", 2, "layers"),
        (f"{src}/web/routes.py", 1, "module-docstring"),
        (f"{src}/web/routes.py", 3, "class-docstring"),
        (f"{src}/channels/staff/inbox.py", 2, "slack-sdk"),
        (f"{src}/channels/web.py", 2, "slack-sdk"),
        (f"{src}/channels/web.py", 3, "telegram-sdk"),
        (f"{src}/domain/_types.py", 3, "layers"),
        (f"{src}/domain/_types.py", 4, "third-party"),
        (f"{src}/engine/a.py", 2, "import-cycle"),
        (f"{src}/engine/desk.py", 2, "third-party"),
        (f"{src}/engine/desk.py", 3, "third-party"),
        (f"{src}/engine/desk.py", 4, "layers"),
        (f"{src}/extras/thing.py", 1, "layers"),
        (f"{src}/knowledge/_index.py", 2, "layers"),
        (f"{src}/knowledge/_index.py", 3, "third-party"),
        (f"{src}/policy/attribute.py", 4, "layers"),
        (f"{src}/policy/dynamic.py", 3, "layers"),
        (f"{src}/policy/dynamic.py", 4, "layers"),
        (f"{src}/policy/rules.py", 2, "layers"),
        (f"{src}/policy/rules.py", 3, "third-party"),
        (f"{src}/shops", 0, "folder-size"),
        (f"{src}/signals/emotion.py", 3, "no-print"),
        (f"{src}/store/_sql.py", 2, "layers"),
    ])


def test_violation_message_names_file_line_and_rule(tmp_path: Path) -> None:
    pkg = _write_tree(tmp_path, {"signals/tone.py": DOC + "from warmline.store import Store\n"})
    [violation] = check_tree(pkg)
    assert str(violation) == (
        f"{Path('src', PACKAGE, 'signals', 'tone.py')}:2: [layers] "
        "signals may import only domain; imports warmline.store.Store"
    )


def test_relative_imports_resolve_from_package_init(tmp_path: Path) -> None:
    # In a package's __init__, "from . import x" is the package itself and ".." its parent.
    pkg = _write_tree(tmp_path, {
        "signals/__init__.py": DOC + "from . import _tone\nfrom ..policy import decide\n",
    })
    assert _rules(check_tree(pkg)) == [(str(Path("src", PACKAGE, "signals", "__init__.py")), 3, "layers")]
