"""The code's own checks: ruff's lint rules and mypy's type check pass."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "cjm", "tests", "bench")
    assert result.returncode == 0, result.stdout


def test_mypy_finds_nothing() -> None:
    result = run("mypy", "cjm")
    assert result.returncode == 0, result.stdout


# -- the layout -------------------------------------------------------------------------------

#: What each subpackage may import of cjm's others: a layer imports only those below it.
ALLOWED = {
    "core": set(),
    "project": {"core", "lint"},  # the configuration names lint's rules
    "git": {"core", "project"},
    "lint": {"core", "project", "interchange"},  # `--data`: the metrics CSV is checked too
    "fmt": {"core", "project"},
    "render": {"core", "project", "interchange", "git"},
    "views": {"core", "project", "lint", "git", "render", "interchange"},
    "interchange": {"core", "project", "fmt", "render"},  # Markdown uses the renders' words
    "site": {"core", "project", "lint", "render", "views", "interchange"},  # metrics beside
    "authoring": {"core", "project", "fmt", "git", "interchange"},
    "cli": {"core", "project", "git", "lint", "fmt", "render", "views", "interchange", "site",
            "authoring"},
}


def _runtime_nodes(tree):
    """Every node of a module but those under `if TYPE_CHECKING:`, which name types for the
    type checker and are never imported."""
    import ast

    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) \
                    and child.test.id == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports() -> dict[str, set[str]]:
    """Every module of cjm → the cjm modules it imports at run time, at the top or inside
    functions (`from cjm.render import labels` imports the module labels, not the
    package)."""
    import ast

    named: dict[str, list[str]] = {}
    for path in (ROOT / "cjm").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names = named.setdefault(name, [])
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cjm"):
                names += [f"{node.module}.{alias.name}|{node.module}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names += [a.name for a in node.names if a.name.startswith("cjm")]
    found = {}
    for name, names in named.items():
        targets = set()
        for item in names:
            full, _, module = item.partition("|")
            targets.add(full if full in named or not module else module)
        # importing cjm.a.b runs cjm/a/__init__.py first: that is imported too
        parents = {".".join(t.split(".")[:i]) for t in targets for i in range(2, t.count(".") + 1)}
        found[name] = {t for t in targets | parents if t in named and t != name
                       and not name.startswith(t + ".")}
    return found


def test_each_subpackage_imports_only_the_layers_below_it() -> None:
    wrong = []
    for module, targets in imports().items():
        package = module.split(".")[1] if module.count(".") else ""
        for target in targets:
            other = target.split(".")[1] if target.count(".") else ""
            if package in ALLOWED and other and other != package \
                    and other not in ALLOWED[package]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))
    assert set(ALLOWED) == {p.name for p in (ROOT / "cjm").iterdir()
                            if (p / "__init__.py").is_file()}


def test_no_module_imports_itself_through_others() -> None:
    graph = imports()

    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for target in graph[node]:
                if target == start:
                    return [*path, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
        return None

    cycles = [cycle for module in graph if (cycle := cycle_from(module))]
    assert not cycles, " → ".join(cycles[0])
