"""Hypothesis strategies for the domain, one explicit builder per class."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from plotpress.domain.access import Identity
from plotpress.domain.params import MAX_SAFE_INTEGER, ParamKind, ParamType
from plotpress.domain.workspace import (
    Block,
    Connection,
    Dashboard,
    Driver,
    Page,
    Role,
    TargetKind,
)

names = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=12).filter(
    lambda s: s[0].isalpha()
)
emails = st.builds(
    lambda local, domain, upper: (
        (f"{local}@{domain}.example").upper() if upper else f"{local}@{domain}.example"
    ),
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8),
    st.sampled_from(["acme", "corp", "data"]),
    st.booleans(),
)
claim_value = st.sampled_from(["eng", "sales", "ops", "finance", ""])
claims = st.dictionaries(
    st.sampled_from(["groups", "dept", "email", "sub"]),
    st.one_of(claim_value, st.lists(claim_value, max_size=4), st.integers(), st.none()),
    max_size=4,
)
identities = st.builds(Identity, email=st.one_of(st.none(), emails), claims=claims)

roles = st.builds(
    Role,
    name=names,
    members=st.frozensets(emails.map(str.lower), max_size=3),
    from_claim=st.one_of(st.none(), st.sampled_from(["groups", "dept"])),
    match=st.frozensets(st.sampled_from(["eng", "sales", "ops", "*"]), max_size=3),
)


def role_sets(min_size: int = 0) -> st.SearchStrategy[list[Role]]:
    return st.lists(roles, min_size=min_size, max_size=5, unique_by=lambda r: r.name)


connections = st.builds(
    Connection,
    name=names,
    driver=st.sampled_from(list(Driver)),
    allowed_users=st.frozensets(names, max_size=3),
)

param_types = st.one_of(
    st.sampled_from(
        [ParamType(kind) for kind in ParamKind if kind is not ParamKind.ENUM],
    ),
    st.builds(
        lambda choices: ParamType(ParamKind.ENUM, tuple(choices)),
        st.lists(names, min_size=1, max_size=4, unique=True),
    ),
)

safe_ints = st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
timestamps = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [
            dt.UTC,
            dt.timezone(dt.timedelta(hours=5, minutes=30)),
            dt.timezone(-dt.timedelta(hours=8)),
        ]
    ),
)


def values_of(ptype: ParamType) -> st.SearchStrategy[object]:
    """Valid typed values for ``ptype``."""
    return {
        ParamKind.INT: safe_ints,
        ParamKind.FLOAT: finite_floats,
        ParamKind.STRING: st.text(max_size=50).filter(lambda s: "\x00" not in s),
        ParamKind.DATE: st.dates(),
        ParamKind.TIMESTAMP: timestamps,
        ParamKind.BOOL: st.booleans(),
        ParamKind.ENUM: st.sampled_from(ptype.choices or ("x",)),
    }[ptype.kind]


def dashboards(
    role_list: list[Role], connection_list: list[Connection], block_targets: list[tuple[str, str]]
) -> Dashboard:
    """A one-page dashboard whose blocks use the given (view, connection) pairs."""
    blocks = tuple(
        Block(index=i, kind=TargetKind.VIEW, name=view, code="data", connection=conn)
        for i, (view, conn) in enumerate(block_targets)
    )
    return Dashboard(
        slug="d",
        title="D",
        pages=(Page(name="index", title="Index", markdown="", blocks=blocks),),
        connections={c.name: c for c in connection_list},
        roles={r.name: r for r in role_list},
    )
