"""engine/ is plain Python: nothing in it may import Django."""

import ast
import subprocess
import sys
from pathlib import Path

import chuyendoiso.engine

ENGINE_DIR = Path(chuyendoiso.engine.__file__).parent
MODULES = sorted(ENGINE_DIR.glob("*.py"))


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engine_has_modules():
    assert len(MODULES) >= 5


def test_no_engine_module_imports_django_or_an_app():
    offenders = {
        path.name: sorted(
            name
            for name in imported_names(path)
            if name.split(".")[0] == "django"
            or (name.startswith("chuyendoiso.") and not name.startswith("chuyendoiso.engine"))
        )
        for path in MODULES
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_every_engine_module_leaves_django_unloaded():
    modules = ", ".join(f"chuyendoiso.engine.{path.stem}" for path in MODULES)
    code = f"import sys, {modules}; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
