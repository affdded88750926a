"""The package's shape (docs/architecture.md): one folder per stage, data flowing
one way, no module reaching into another's private names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mailaudit"

# Lowest first: a module may import its own stage and the stages before it.
# `mailaudit` is the package's __init__ (the version); `__main__` runs the CLI.
STAGES = (
    "mailaudit",
    "errors",
    "config",  # mailaudit.toml -> Settings: read by every stage, imports only errors
    "mail",
    "sources",
    "engine",
    "extract",
    "store",
    "checks",
    "evidence",
    "scan",
    "output",
    "web",  # the team's web page: reads through store/ and evidence/, renders like output/
    "gate",
    "cli",
    "__main__",
)
TOP_LEVEL = {"__init__.py", "__main__.py", "config.py", "errors.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names) for every mailaudit import, lazy ones included."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "mailaudit":
                found.append((node.lineno, target, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name, []) for a in node.names if a.name.split(".")[0] == "mailaudit")
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_stage_module_lives_in_its_folder():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL)
    assert not loose, f"modules at the top of mailaudit/ (give each its stage's folder): {loose}"
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert set(folders) <= set(STAGES), f"a package missing from STAGES here: {set(folders) - set(STAGES)}"


def test_no_module_imports_another_modules_private_names():
    modules = _modules()
    offences = []
    for module, path in modules.items():
        for line, target, names in _imports(module, path):
            for name in names:
                private = name.startswith("_") and not name.startswith("__")
                submodule = f"{target}.{name}" in modules
                if private and target != module and not submodule:
                    offences.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}.{name}")
    assert not offences, "\n".join(offences)


def test_a_lower_stage_never_imports_a_higher_one():
    rank = {stage: i for i, stage in enumerate(STAGES)}
    offences = []
    for module, path in _modules().items():
        here = _stage(module)
        for line, target, _names in _imports(module, path):
            there = _stage(target)
            if rank[there] > rank[here]:
                offences.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {target} ({there})")
    assert not offences, "\n".join(offences)


def test_no_import_cycles_between_modules():
    """Top-level imports only (a lazy import inside a function cannot make a
    cycle at import time, but the stage order above keeps those one-way too)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("mailaudit")):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for a in node.names:
                    name = f"{target}.{a.name}"
                    graph[module].add(name if name in modules else target)
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt not in modules or nxt == node:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m, [m])
    assert not cycles, "\n".join(cycles)


SQL = re.compile(
    r"\b(?:SELECT\b[\s\S]*\bFROM|INSERT\b[\s\S]*\bINTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|REPLACE\s+INTO"
    r"|CREATE\s+(?:VIRTUAL\s+|UNIQUE\s+)?(?:TABLE|INDEX)|DROP\s+TABLE|ALTER\s+TABLE|PRAGMA\s+\w)\b"
    r"|\b(?:FROM|INTO)\s*$"  # an f-string's head: "SELECT seq FROM " + table
)


def _sql_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append((node.lineno, node.value))
    return found


def test_tables_are_defined_in_store_only():
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("store/"):
            continue
        text = path.read_text(encoding="utf-8")
        offences += [f"{rel}: {m.group(0)!r}" for m in re.finditer(r"CREATE\s+(?:VIRTUAL\s+)?TABLE", text)]
        offences += [f"{rel}: {m.group(0)!r}" for m in re.finditer(r"\]\.create\(|\.create_index\(", text)]
    assert not offences, "\n".join(offences)


def test_sql_lives_in_the_store():
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("store/"):
            continue
        offences += [f"{rel}:{line}: {text[:60]!r}" for line, text in _sql_strings(path)]
        # sqlite-utils table objects (db["table"].insert ...) are the store's too
        offences += [f"{rel}: {m.group(0)!r}" for m in re.finditer(r"\bdb\[[^\]]+\]", path.read_text(encoding="utf-8"))]
    assert not offences, "SQL outside store/ (a named query in store/queries.py or evidence.py):\n" + "\n".join(offences)
