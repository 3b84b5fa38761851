"""The code keeps its shape: layers import only downward and no function grows too complex.

`.importlinter` holds the contracts (the layers, only the engine adapters import
MkDocs, Material, mkdocs-macros and jieba, the core knows no files); `[tool.ruff]`
in pyproject.toml holds the lint rules (pyflakes, syntax errors, cyclomatic
complexity at most 15). Both tools come with the `test` extra and run from the
same environment as the tests.
"""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# not resolved: in a virtual environment the interpreter is a symlink out of it
BIN = Path(sys.executable).parent


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    tool = BIN / name
    assert tool.exists(), f"{tool} is missing: pip install -e '.[test]'"
    return subprocess.run([str(tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_layers_import_only_downward():
    run = run_tool("lint-imports", "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr


def test_lint_rules_hold():
    run = run_tool("ruff", "check", "--no-cache", "--output-format=concise", "playbook_kit", "macros")
    assert run.returncode == 0, run.stdout + run.stderr


def _modules():
    return sorted((ROOT / "playbook_kit").rglob("*.py")) + sorted((ROOT / "macros").glob("*.py"))


def test_no_private_name_is_imported_from_another_module():
    """`from x import _name` couples a module to another's internals."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("playbook_kit"):
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}"
                          for alias in node.names if alias.name.startswith("_")]
    assert not found, "private names imported across modules:\n" + "\n".join(found)


def test_function_level_imports_say_why():
    """Imports sit at the top of a module; one inside a function (to save
    start-up time, or for an optional engine) carries a comment saying so."""
    found = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for function in ast.walk(ast.parse(text)):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    here, above = lines[node.lineno - 1], lines[node.lineno - 2]
                    if "#" not in here and "#" not in above:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {here.strip()}")
    assert not found, "function-level imports without a comment saying why:\n" + "\n".join(found)
