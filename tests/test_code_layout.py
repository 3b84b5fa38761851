"""The code keeps its shape: layers import only downward and no function grows too complex.

`.importlinter` holds the contracts (the layers, only the engine adapters import
MkDocs, Material, mkdocs-macros and jieba, the core knows no files); `[tool.ruff]`
in pyproject.toml holds the lint rules (pyflakes, syntax errors, cyclomatic
complexity at most 15). Both tools come with the `test` extra and run from the
same environment as the tests.
"""
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
