"""STYLE.md section 6: ``eligibility/engine`` imports nothing from Django (also an import-linter contract)."""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_engine_imports_no_django() -> None:
    sources = sorted(ENGINE.glob("*.py"))
    assert len(sources) == 11
    offending = {
        path.name: sorted(
            module
            for module in _imported_modules(path)
            if module.split(".")[0] in ("django", "rest_framework")
        )
        for path in sources
    }
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_engine_imports_only_itself_yaml_and_the_standard_library() -> None:
    """No path to Django through another fawang app either."""
    others = {
        module
        for path in ENGINE.glob("*.py")
        for module in _imported_modules(path)
        if not module.startswith("fawang.eligibility.engine")
        and module != "yaml"
        and module.split(".")[0] not in sys.stdlib_module_names
    }
    assert others == set()
