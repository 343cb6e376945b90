"""Properties of the domain rules: roles, authorization, parameters, cache keys."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from plotpress.domain.access import Identity, claim_values, holds_role, may_use, resolve_roles
from plotpress.domain.cache import cache_key, params_hash, roles_hash
from plotpress.domain.params import (
    MAX_SAFE_INTEGER,
    ParamError,
    ParamKind,
    ParamType,
)
from plotpress.domain.workspace import Role, TargetKind
from tests.unit import strategies as s

# --- role resolution -------------------------------------------------------------------


def _expected_roles(roles: list[Role], identity: Identity) -> frozenset[str]:
    held = set()
    email = identity.email.lower() if identity.email else None
    for role in roles:
        if email is not None and email in role.members:
            held.add(role.name)
            continue
        if role.from_claim is None:
            continue
        raw = identity.claims.get(role.from_claim)
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        values = [v for v in values if isinstance(v, str)]
        if any(v in role.match for v in values) or ("*" in role.match and any(v for v in values)):
            held.add(role.name)
    return frozenset(held)


@given(s.role_sets(), s.identities)
def test_role_resolution_is_exactly_members_union_matching_claims(roles, identity):
    assert resolve_roles(roles, identity) == _expected_roles(roles, identity)


@given(s.role_sets(), s.identities, s.claims)
def test_role_resolution_is_monotone_in_claims(roles, identity, extra):
    # Adding claim values (never removing any) can only add roles.
    merged = dict(identity.claims)
    for key, value in extra.items():
        before = claim_values(merged, key)
        after = claim_values({key: value}, key)
        merged[key] = sorted(before | after)
    richer = Identity(identity.email, merged)
    assert resolve_roles(roles, identity) <= resolve_roles(roles, richer)


@given(s.role_sets(), s.emails)
def test_member_emails_match_case_insensitively(roles, email):
    assert resolve_roles(roles, Identity(email.upper())) == resolve_roles(
        roles, Identity(email.lower())
    )


def test_wildcard_matches_any_non_empty_claim_value_only():
    role = Role(name="any", from_claim="groups", match=frozenset({"*"}))
    assert holds_role(role, Identity(None, {"groups": ["x"]}))
    assert holds_role(role, Identity(None, {"groups": "y"}))
    assert not holds_role(role, Identity(None, {"groups": [""]}))
    assert not holds_role(role, Identity(None, {"groups": []}))
    assert not holds_role(role, Identity(None, {"groups": 7}))
    assert not holds_role(role, Identity(None, {}))


# --- the authorization rule ------------------------------------------------------------


@given(st.frozensets(s.names, max_size=4), s.connections)
def test_a_connection_may_be_used_iff_a_held_role_is_allowed(held, connection):
    assert may_use(held, connection) == any(r in connection.allowed_users for r in held)


@given(s.connections)
def test_an_empty_allow_list_admits_nobody(connection):
    closed = type(connection)(connection.name, connection.driver, frozenset())
    assert not may_use(frozenset({"admin", "everyone", "*"}), closed)


# --- parameter parsing -----------------------------------------------------------------


@given(st.data(), s.param_types)
def test_parameter_values_round_trip_through_their_text(data, ptype):
    value = data.draw(s.values_of(ptype))
    assert ptype.parse(ptype.format(value)) == value


@given(s.param_types)
def test_parameter_type_names_round_trip(ptype):
    assert ParamType.from_text(str(ptype)) == ptype


@given(st.integers())
def test_int_accepts_exactly_the_safe_integers(number):
    ptype = ParamType(ParamKind.INT)
    if abs(number) <= MAX_SAFE_INTEGER:
        assert ptype.parse(number) == number
        assert ptype.parse(str(number)) == number
    else:
        with pytest.raises(ParamError):
            ptype.parse(number)
        with pytest.raises(ParamError):
            ptype.parse(str(number))


@given(st.text(max_size=20))
def test_int_text_accepts_only_plain_decimal_digits(text):
    ptype = ParamType(ParamKind.INT)
    plain = re.fullmatch(r"-?(0|[1-9][0-9]*)", text) is not None
    try:
        ptype.parse(text)
        accepted = True
    except ParamError:
        accepted = False
    assert accepted == (plain and abs(int(text)) <= MAX_SAFE_INTEGER)


@pytest.mark.parametrize(
    "raw",
    [
        True,
        1.0,
        "1.0",
        " 1",
        "1 ",
        "+1",
        "01",
        "1e3",
        "0x10",
        "",
        "١٢",
        None,
        [1],
        "9007199254740992",
    ],
)
def test_int_rejects_other_forms(raw):
    with pytest.raises(ParamError):
        ParamType(ParamKind.INT).parse(raw)


@given(st.dates())
def test_date_accepts_real_dates_as_yyyy_mm_dd(day):
    assert ParamType(ParamKind.DATE).parse(day.isoformat()) == day


@given(st.text(max_size=12))
def test_date_accepts_only_valid_yyyy_mm_dd(text):
    ptype = ParamType(ParamKind.DATE)
    try:
        expected = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ParamError):
            ptype.parse(text)
    else:
        assert ptype.parse(text) == expected


@pytest.mark.parametrize(
    "raw", ["2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00"]
)
def test_date_rejects_impossible_or_other_shapes(raw):
    with pytest.raises(ParamError):
        ParamType(ParamKind.DATE).parse(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-31T12:00:00Z", dt.datetime(2026, 1, 31, 12, tzinfo=dt.UTC)),
        ("2026-01-31 12:00:00.5+01:00", dt.datetime(2026, 1, 31, 11, 0, 0, 500000, tzinfo=dt.UTC)),
    ],
)
def test_timestamps_need_an_offset_and_keep_the_instant(raw, expected):
    assert ParamType(ParamKind.TIMESTAMP).parse(raw) == expected


@pytest.mark.parametrize("raw", ["2026-01-31T12:00:00", "2026-01-31", "2026-01-31T25:00:00Z"])
def test_timestamps_without_offset_or_impossible_are_rejected(raw):
    with pytest.raises(ParamError):
        ParamType(ParamKind.TIMESTAMP).parse(raw)


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), "nan", "inf", "1e999", True, "1,5"])
def test_float_rejects_non_finite_and_other_forms(raw):
    with pytest.raises(ParamError):
        ParamType(ParamKind.FLOAT).parse(raw)


@pytest.mark.parametrize("raw", ["True", "1", 1, "yes", None])
def test_bool_accepts_only_true_and_false(raw):
    with pytest.raises(ParamError):
        ParamType(ParamKind.BOOL).parse(raw)


@pytest.mark.parametrize(
    "text", ["enum()", "enum(a,,b)", "enum(a,a)", "enum(a b)", "integer", "enum"]
)
def test_bad_type_declarations_are_refused(text):
    with pytest.raises(ParamError):
        ParamType.from_text(text)


# --- cache keys ------------------------------------------------------------------------


@given(st.frozensets(s.names, max_size=4), st.frozensets(s.names, max_size=4))
def test_cache_keys_separate_role_sets(roles_a, roles_b):
    assume(roles_a != roles_b)

    def key(roles):
        return cache_key(
            dashboard="d",
            kind=TargetKind.VIEW,
            name="v",
            connection="c",
            values={"year": 2026},
            roles=roles,
        )

    assert key(roles_a) != key(roles_b)


@given(st.lists(s.names, max_size=5))
def test_role_hash_ignores_order_and_repeats(role_list):
    assert roles_hash(role_list) == roles_hash(sorted(set(role_list), reverse=True))


@given(st.dictionaries(s.names, st.one_of(s.safe_ints, st.text(max_size=5)), max_size=3), st.data())
def test_params_hash_separates_different_values(values, data):
    other = data.draw(
        st.dictionaries(s.names, st.one_of(s.safe_ints, st.text(max_size=5)), max_size=3)
    )
    assume(values != other)
    assert params_hash(values) != params_hash(other)


def test_params_hash_distinguishes_a_number_from_its_text():
    assert params_hash({"year": 2026}) != params_hash({"year": "2026"})


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (ParamKind.FLOAT, 10**400),
        (ParamKind.TIMESTAMP, "0001-01-01T00:00:00+05:00"),
        (ParamKind.TIMESTAMP, "9999-12-31T23:59:59-01:00"),
    ],
)
def test_values_beyond_the_representable_range_are_refused_not_crashed_on(kind, raw):
    with pytest.raises(ParamError):
        ParamType(kind).parse(raw)
