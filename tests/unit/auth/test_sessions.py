import datetime as dt

import pytest

from plotpress.domain.settings import AuthSettings
from plotpress.domain.workspace import Dashboard, Role
from plotpress.services.auth.hashing import SESSION_PURPOSE, keyed_hash
from plotpress.services.auth.sessions import SessionService
from tests.fakes.tokens import SequentialTokens
from tests.unit.auth.conftest import SECRET


def dashboard(slug, *roles):
    return Dashboard(
        slug=slug, title=slug, pages=(), connections={}, roles={r.name: r for r in roles}
    )


def analysts(*members):
    return Role("analyst", members=frozenset(members))


@pytest.fixture
def alice(store, clock):
    with store.unit_of_work() as uow:
        return uow.users.upsert_email_user("alice@example.com", clock.now(), "u-alice")


def test_a_started_session_resolves_to_its_user_and_claims(sessions, alice):
    token = sessions.start(alice, {"email": "alice@example.com", "sub": "email:alice@example.com"})
    signed_in = sessions.resolve(token)
    assert signed_in is not None
    assert signed_in.user.id == alice.id
    assert signed_in.email == "alice@example.com"
    assert signed_in.claims["sub"] == "email:alice@example.com"
    assert signed_in.identity.email == "alice@example.com"


def test_only_the_keyed_hash_of_the_token_is_stored(sessions, store, clock, alice):
    token = sessions.start(alice, {})
    with store.unit_of_work() as uow:
        assert uow.sessions.get(token, clock.now()) is None
        stored = uow.sessions.get(keyed_hash(SECRET, SESSION_PURPOSE, token), clock.now())
    assert stored is not None
    assert token not in stored.token_hash


def test_every_sign_in_gets_a_new_token_and_both_stay_valid(sessions, alice):
    first = sessions.start(alice, {})
    second = sessions.start(alice, {})
    assert first != second
    assert sessions.resolve(first) is not None
    assert sessions.resolve(second) is not None


def test_tokens_carry_at_least_128_random_bits(store, clock, alice):
    class CountingTokens(SequentialTokens):
        def token(self, nbytes=32):
            requested.append(nbytes)
            return super().token(nbytes)

    requested: list[int] = []
    SessionService(store, clock, CountingTokens(), SECRET, 60).start(alice, {})
    assert requested == [32]


@pytest.mark.parametrize("token", [None, "", "unknown-token", "x" * 10_000])
def test_a_missing_unknown_or_absurd_token_is_signed_out(sessions, token):
    assert sessions.resolve(token) is None


def test_a_session_expires_absolutely_whatever_the_activity(sessions, clock, alice):
    token = sessions.start(alice, {})
    clock.advance(3599)
    assert sessions.resolve(token) is not None
    clock.advance(1)
    assert sessions.resolve(token) is None


def test_ending_a_session_kills_its_token(sessions, alice):
    token = sessions.start(alice, {})
    other = sessions.start(alice, {})
    assert sessions.end(token) is True
    assert sessions.resolve(token) is None
    assert sessions.end(token) is False
    assert sessions.resolve(other) is not None


def test_last_seen_is_written_at_most_once_per_interval(sessions, store, clock, alice):
    token = sessions.start(alice, {})
    clock.advance(60)
    sessions.resolve(token)
    with store.unit_of_work() as uow:
        assert uow.users.get(alice.id).last_seen_at == alice.last_seen_at
    clock.advance(300)
    sessions.resolve(token)
    with store.unit_of_work() as uow:
        assert uow.users.get(alice.id).last_seen_at == clock.now()


def cached_slugs(sessions, token) -> dict[str, frozenset[str]]:
    """The session's cached role sets by slug (keys also carry a definition digest)."""
    roles = sessions.resolve(token).session.roles or {}
    return {key.split("#", 1)[0]: value for key, value in roles.items()}


def test_roles_are_resolved_per_dashboard_and_cached_with_the_session(sessions, alice):
    token = sessions.start(alice, {})
    sales = dashboard("sales", analysts("alice@example.com"))
    assert sessions.roles_for(sessions.resolve(token), sales) == {"analyst"}
    assert cached_slugs(sessions, token) == {"sales": {"analyst"}}
    assert sessions.refresh() == 1
    assert cached_slugs(sessions, token) == {}


def test_a_changed_users_yaml_applies_at_once_without_a_refresh(sessions, alice):
    token = sessions.start(alice, {})
    sales = dashboard("sales", analysts("alice@example.com"))
    assert sessions.roles_for(sessions.resolve(token), sales) == {"analyst"}
    sales_now = dashboard("sales", analysts("bob@example.com"))
    assert sessions.roles_for(sessions.resolve(token), sales_now) == frozenset()


def test_a_request_on_the_previous_workspace_cannot_restore_revoked_roles(sessions, alice):
    # A worker (or an in-flight request) still on the old users.yaml re-caches the old
    # answer after a reload; the new workspace must not take it for its own.
    token = sessions.start(alice, {})
    old = dashboard("sales", analysts("alice@example.com"))
    new = dashboard("sales", analysts())
    sessions.refresh()
    assert sessions.roles_for(sessions.resolve(token), old) == {"analyst"}
    assert sessions.roles_for(sessions.resolve(token), new) == frozenset()


def test_refreshing_one_address_drops_only_that_users_cached_roles(sessions, store, clock, alice):
    with store.unit_of_work() as uow:
        bob = uow.users.upsert_email_user("bob@example.com", clock.now(), "u-bob")
    alice_token, bob_token = sessions.start(alice, {}), sessions.start(bob, {})
    sales = dashboard("sales", analysts("alice@example.com", "bob@example.com"))
    for token in (alice_token, bob_token):
        sessions.roles_for(sessions.resolve(token), sales)
    assert sessions.refresh("ALICE@example.com") == 1
    assert cached_slugs(sessions, alice_token) == {}
    assert cached_slugs(sessions, bob_token) == {"sales": {"analyst"}}


def test_roles_of_several_dashboards_are_cached_in_one_go(sessions, alice):
    token = sessions.start(alice, {})
    boards = [dashboard("a", analysts("alice@example.com")), dashboard("b", analysts())]
    assert sessions.roles_by_dashboard(sessions.resolve(token), boards) == {
        "a": {"analyst"},
        "b": frozenset(),
    }
    assert cached_slugs(sessions, token) == {"a": {"analyst"}, "b": frozenset()}


def test_a_refresh_during_a_request_is_not_undone_by_its_stale_session(sessions, alice):
    token = sessions.start(alice, {})
    sessions.roles_for(sessions.resolve(token), dashboard("a", analysts("alice@example.com")))
    stale = sessions.resolve(token)
    sessions.refresh()
    sessions.roles_for(stale, dashboard("b", analysts()))
    assert cached_slugs(sessions, token) == {"b": frozenset()}


def test_a_claim_role_holds_through_the_session_claims(sessions, alice):
    token = sessions.start(alice, {"groups": ["finance"]})
    role = Role("reader", from_claim="groups", match=frozenset({"finance"}))
    assert sessions.roles_for(sessions.resolve(token), dashboard("x", role)) == {"reader"}


def test_admins_are_the_listed_addresses(sessions, store, clock, alice):
    settings = AuthSettings(admins=frozenset({"alice@example.com"}))
    with store.unit_of_work() as uow:
        nobody = uow.users.upsert_oidc_user("https://id", "s1", None, clock.now(), "u-none")
    assert sessions.is_admin(sessions.resolve(sessions.start(alice, {})), settings)
    assert not sessions.is_admin(sessions.resolve(sessions.start(nobody, {})), settings)


def test_a_non_positive_lifetime_is_refused(store, clock, tokens):
    with pytest.raises(ValueError, match="positive"):
        SessionService(store, clock, tokens, SECRET, 0)


def test_a_session_lives_exactly_its_ttl(store, clock, tokens, alice):
    service = SessionService(store, clock, tokens, SECRET, session_ttl=86400)
    signed_in = service.resolve(service.start(alice, {}))
    assert signed_in.session.expires_at - signed_in.session.created_at == dt.timedelta(days=1)
