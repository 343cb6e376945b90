"""``users.yaml``: the roles of one dashboard."""

from __future__ import annotations

import re

from plotpress.adapters.workspace.converter import structure
from plotpress.adapters.workspace.documents import top_mapping
from plotpress.adapters.workspace.names import identifier_problem
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.schema import RoleSpec
from plotpress.adapters.workspace.yaml_source import YamlDocument
from plotpress.domain.workspace import Role

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def load_roles(doc: YamlDocument, *, file: str, problems: ProblemLog) -> dict[str, Role]:
    """Every well-formed role of the file; problems for the rest."""
    roles: dict[str, Role] = {}
    entries = top_mapping(doc, file=file, what="role name to role", problems=problems)
    for name, raw in entries.items():
        invalid = identifier_problem("role", name)
        if invalid:
            problems.add(file, invalid, line=doc.line_of((name,)), key=name)
            continue
        spec = structure(raw, RoleSpec, doc=doc, file=file, problems=problems, at=(name,))
        if spec is None:
            continue
        members: set[str] = set()
        for index, member in enumerate(spec.members):
            if not _EMAIL.fullmatch(member.strip()):
                line = doc.line_of((name, "members", index))
                problems.add(
                    file, f"{member!r} is not an e-mail address", line=line, key=f"{name}.members"
                )
            members.add(member.strip().lower())
        if spec.match and spec.from_claim is None:
            problems.add(
                file,
                "match needs from_claim (the claim to compare)",
                line=doc.line_of((name, "match")),
                key=f"{name}.match",
            )
        if spec.from_claim is not None and not spec.match:
            problems.add(
                file,
                "from_claim needs match (the values that grant the role; '*' for any)",
                line=doc.line_of((name, "from_claim")),
                key=f"{name}.from_claim",
            )
        roles[name] = Role(
            name=name,
            description=spec.description,
            members=frozenset(members),
            from_claim=spec.from_claim,
            match=frozenset(spec.match),
        )
    return roles
