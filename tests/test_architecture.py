"""The floors of ARCHITECTURE.md hold: the import contracts (pyproject.toml) pass, and no import hides
inside a function, where it would dodge a cycle the contracts are there to forbid."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "articles", "annotations")


def test_the_import_contracts_are_kept(capsys):
    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert exit_code == 0, capsys.readouterr().out


def test_a_broken_contract_is_reported(tmp_path):
    # articles importing annotations, in a copy of the tree: the floors contract must catch it. In
    # another process, where the copy is found before the packages this one has imported.
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "articles" / "upward.py").write_text('"""Imports upwards."""\n\nimport annotations.models\n')
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    linter = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [linter, "--contract", "floors", "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "articles.upward -> annotations.models" in run.stdout


def function_level_imports(path):
    """(line, name) of each import below module level, but in an AppConfig's ``ready`` (where Django
    wants signal receivers connected, once every model is loaded)."""
    found = []

    def visit(node, inside):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and inside and inside != "ready":
                found.append((child.lineno, inside))
            scope = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else inside
            visit(child, scope)

    visit(ast.parse(path.read_text(), str(path)), None)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_hides_in_a_function(package):
    found = {
        f"{path.relative_to(ROOT)}:{line} in {function}()": None
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line, function in function_level_imports(path)
    }
    assert not found, f"imports inside functions: {', '.join(found)}"
