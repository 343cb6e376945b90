"""The dependency rule, beyond what import-linter's deny-lists express."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import plotpress

DOMAIN = Path(plotpress.__file__).parent / "domain"
ALLOWED_THIRD_PARTY = {"attrs"}
# Stdlib modules that would bring I/O, clocks or randomness into the domain.
FORBIDDEN_STDLIB = {
    "os",
    "io",
    "sys",
    "socket",
    "sqlite3",
    "subprocess",
    "random",
    "secrets",
    "time",
    "threading",
    "logging",
    "pathlib",
    "shutil",
    "smtplib",
    "urllib",
    "http",
    "uuid",
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_domain_imports_only_stdlib_attrs_and_itself():
    offenders = {}
    for path in sorted(DOMAIN.rglob("*.py")):
        bad = {
            name
            for name in _imports(path)
            if name not in sys.stdlib_module_names
            and name not in ALLOWED_THIRD_PARTY
            and name not in {"plotpress", "__future__"}
        }
        bad |= _imports(path) & FORBIDDEN_STDLIB
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_domain_reads_no_clock():
    for path in sorted(DOMAIN.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for call in (".now(", ".today(", ".utcnow(", "time.time("):
            assert call not in text, f"{path.name} reads the clock via {call}"
