"""The layout rules of docs/layout.md, checked over every module.

- engine/ is plain Python: no module in it, at any depth, imports Django or an app.
- The engine packages with one way in (analytics, demo, dti, reader, report, sources) are
  imported from outside only through their ``__init__``; their own tests may reach inside.
"""

import ast
import subprocess
import sys
from pathlib import Path

import chuyendoiso.engine

ENGINE_DIR = Path(chuyendoiso.engine.__file__).parent
SRC_DIR = ENGINE_DIR.parents[1]
PROJECT_DIR = SRC_DIR.parent
MODULES = sorted(ENGINE_DIR.rglob("*.py"))
ONE_WAY_IN = ("analytics", "demo", "dti", "reader", "report", "rules", "sources")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_every_engine_module_is_checked_including_subpackages():
    names = {module_name(path) for path in MODULES}
    assert "chuyendoiso.engine.sources.plan" in names
    assert "chuyendoiso.engine.reader.extract" in names
    assert "chuyendoiso.engine.domain.periods" in names


def test_no_engine_module_imports_django_or_an_app():
    offenders = {
        str(path.relative_to(ENGINE_DIR)): sorted(
            name
            for _, name in imports_of(path)
            if name.split(".")[0] == "django"
            or (name.startswith("chuyendoiso.") and not name.startswith("chuyendoiso.engine"))
        )
        for path in MODULES
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_every_engine_module_leaves_django_unloaded():
    modules = ", ".join(module_name(path) for path in MODULES)
    code = f"import sys, {modules}; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def reaches_inside(path: Path, text: str | None = None) -> list[str]:
    """Imports of a one-way-in package's inner modules from outside that package."""
    relative = path.relative_to(PROJECT_DIR).as_posix()
    found = []
    for line, name in imports_of(path, text):
        parts = name.split(".")
        if len(parts) < 4 or parts[:2] != ["chuyendoiso", "engine"]:
            continue
        package = parts[2]
        own = (f"src/chuyendoiso/engine/{package}/", f"tests/engine/{package}/")
        if package in ONE_WAY_IN and not relative.startswith(own):
            found.append(f"{relative}:{line} {name}")
    return found


def test_engine_packages_are_entered_only_through_their_init():
    paths = [
        path
        for folder in ("src", "tests", "bench", "scripts")
        for path in sorted((PROJECT_DIR / folder).rglob("*.py"))
    ]
    assert len(paths) > 100
    assert [hit for path in paths for hit in reaches_inside(path)] == []


def test_the_rule_sees_an_import_that_reaches_inside():
    outsider = PROJECT_DIR / "src" / "chuyendoiso" / "web" / "probe.py"
    inner = "from chuyendoiso.engine.sources.plan import run_steps\n"
    assert reaches_inside(outsider, inner) == [
        "src/chuyendoiso/web/probe.py:1 chuyendoiso.engine.sources.plan"
    ]
    own_test = PROJECT_DIR / "tests" / "engine" / "sources" / "test_probe.py"
    assert reaches_inside(own_test, inner) == []
    assert reaches_inside(outsider, "from chuyendoiso.engine.sources import compute\n") == []


# Which engine packages each one may import: lower packages never import higher ones.
LAYERS = {
    "domain": set(),
    "rules": {"domain"},
    "files": {"domain", "rules"},
    "analytics": {"domain"},
    "reader": {"domain"},
    "report": {"domain", "analytics"},
    "sources": {"domain", "files"},
    "dti": {"domain", "rules", "files"},
    "demo": {"domain", "files", "sources"},
}


def test_engine_packages_import_only_the_layers_below():
    assert set(LAYERS) == {path.name for path in ENGINE_DIR.iterdir() if path.is_dir()} - {
        "__pycache__"
    }
    upward = []
    for path in MODULES:
        parts = path.relative_to(ENGINE_DIR).parts
        if len(parts) == 1:
            continue
        package = parts[0]
        for line, name in imports_of(path):
            target = name.split(".")[2] if name.startswith("chuyendoiso.engine.") else None
            if target and target != package and target not in LAYERS[package]:
                upward.append(f"{package}/{'/'.join(parts[1:])}:{line} imports {target}")
    assert upward == []
