"""``connections.yaml``: the data sources of one dashboard.

Path convention (connectors resolve these, the loader keeps them as written):
for ``sqlite`` and ``duckdb`` the ``dsn`` is a file path — absolute, or relative to the
workspace root — optionally prefixed ``sqlite:///`` / ``duckdb:///``, or ``:memory:``
for duckdb. ``files.path`` is kept as written; a relative path resolves against the
workspace root at connect time.

``${VAR}`` is expanded in ``dsn`` and ``path`` only (see env.py): those are secrets
once expanded, and no message here ever includes one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from plotpress.adapters.workspace.converter import structure
from plotpress.adapters.workspace.documents import top_mapping
from plotpress.adapters.workspace.env import CONNECTION_EXPANDED, expand_tree
from plotpress.adapters.workspace.names import identifier_problem
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.schema import FILES_ONLY_KEYS, ConnectionSpec
from plotpress.adapters.workspace.yaml_source import Path_, YamlDocument, dotted
from plotpress.domain.workspace import (
    Connection,
    Driver,
    FileFormat,
    FilesOptions,
    PoolSettings,
)

_EXPANDED = [(key,) for key in CONNECTION_EXPANDED]
_EXPANDED_WHERE = " and ".join(CONNECTION_EXPANDED)


def load_connections(
    doc: YamlDocument,
    *,
    file: str,
    problems: ProblemLog,
    environ: Mapping[str, str],
    roles: frozenset[str] | None,
    users_file: str,
) -> dict[str, Connection]:
    """Every well-formed connection; ``roles`` are the role names ``users_file`` declares.

    ``roles`` is None when users.yaml is itself broken; role names are not checked then.
    """
    connections: dict[str, Connection] = {}
    entries = top_mapping(doc, file=file, what="connection name to settings", problems=problems)
    for name, raw in entries.items():
        invalid = identifier_problem("connection", name)
        if invalid:
            problems.add(file, invalid, line=doc.line_of((name,)), key=name)
            continue
        expanded, failures = expand_tree(
            raw, environ, expanded=_EXPANDED, where=_EXPANDED_WHERE, path=(name,)
        )
        for path, message in failures:
            problems.add(file, message, line=doc.line_of(path), key=dotted(path))
        failed = {path for path, _ in failures}
        _check_roles(
            expanded,
            name,
            doc=doc,
            file=file,
            problems=problems,
            roles=roles,
            users_file=users_file,
            failed=failed,
        )
        # A value that failed expansion has been reported once; structuring would only
        # repeat it as "expected a duration, got '${TMO}'".
        local = ProblemLog()
        spec = structure(expanded, ConnectionSpec, doc=doc, file=file, problems=local, at=(name,))
        failed_keys = {dotted(path) for path in failed}
        problems.extend([p for p in local.sorted() if p.key not in failed_keys])
        if spec is not None:
            connection = _build(name, spec, doc=doc, file=file, problems=problems)
            if connection is not None:
                connections[name] = connection
    return connections


def _check_roles(
    raw: object,
    name: str,
    *,
    doc: YamlDocument,
    file: str,
    problems: ProblemLog,
    roles: frozenset[str] | None,
    users_file: str,
    failed: set[Path_],
) -> None:
    # Checked on the raw entry so an unrelated mistake in it does not hide these.
    allowed = raw.get("allowed_users") if isinstance(raw, dict) else None
    if roles is None or not isinstance(allowed, list):
        return
    for index, role in enumerate(allowed):
        if (name, "allowed_users", index) in failed:
            continue
        if isinstance(role, str) and role not in roles:
            problems.add(
                file,
                f"role {role!r} is not defined in {users_file}",
                line=doc.line_of((name, "allowed_users", index)),
                key=f"{name}.allowed_users",
            )


_Problem = Callable[[str, str], None]


def _build(
    name: str, spec: ConnectionSpec, *, doc: YamlDocument, file: str, problems: ProblemLog
) -> Connection | None:
    found = len(problems)

    def problem(key: str, message: str) -> None:
        problems.add(file, message, line=doc.line_of((name, key)), key=f"{name}.{key}")

    files = _files_options(spec, problem)
    _check_limits(spec, problem)
    if len(problems) > found:
        return None
    pool = spec.pool
    return Connection(
        name=name,
        driver=spec.driver,
        allowed_users=frozenset(spec.allowed_users),
        dsn=spec.dsn if spec.driver is not Driver.FILES else None,
        timeout=spec.timeout,
        read_only=spec.read_only,
        max_rows=spec.max_rows,
        pool=PoolSettings(pool.max_open, pool.max_idle, pool.max_lifetime),
        files=files,
    )


def _files_options(spec: ConnectionSpec, problem: _Problem) -> FilesOptions | None:
    if spec.driver is not Driver.FILES:
        if not spec.dsn:
            problem("dsn", f"required for the {spec.driver.value} driver")
        for key in FILES_ONLY_KEYS:
            if getattr(spec, key) is not None:
                problem(key, "only the files driver takes this key")
        return None
    if spec.dsn is not None:
        problem("dsn", "the files driver takes path, not dsn")
    if not spec.path:
        problem("path", "required for the files driver")
        return None
    return FilesOptions(
        path=spec.path,
        format=spec.format or FileFormat.AUTO,
        recursive=bool(spec.recursive),
        pattern=spec.pattern,
    )


def _check_limits(spec: ConnectionSpec, problem: _Problem) -> None:
    if spec.timeout <= 0:
        problem("timeout", "must be longer than 0s")
    if spec.max_rows is not None and spec.max_rows < 1:
        problem("max_rows", "must be at least 1 (or null for no cap)")
    if spec.pool.max_open < 1:
        problem("pool", "max_open must be at least 1")
    if not 0 <= spec.pool.max_idle <= spec.pool.max_open:
        problem("pool", "max_idle must be between 0 and max_open")
