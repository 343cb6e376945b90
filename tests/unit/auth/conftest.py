import pytest

from plotpress.domain.settings import EmailOtpSettings, OidcSettings
from plotpress.services.auth.oidc import OidcService
from plotpress.services.auth.otp import OtpService
from plotpress.services.auth.sessions import SessionService
from tests.fakes.clock import FakeClock
from tests.fakes.identity_provider import ISSUER, FakeIdentityProvider
from tests.fakes.mailer import RecordingMailer
from tests.fakes.store import InMemoryStore
from tests.fakes.tokens import SequentialTokens

SECRET = "server-secret-for-tests-0123456789"
REDIRECT_URI = "https://plotpress.example.test/auth/oidc/callback"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def tokens():
    return SequentialTokens()


@pytest.fixture
def store():
    return InMemoryStore()


@pytest.fixture
def mailer():
    return RecordingMailer()


@pytest.fixture
def sessions(store, clock, tokens):
    return SessionService(store, clock, tokens, SECRET, session_ttl=3600)


@pytest.fixture
def otp_settings():
    return EmailOtpSettings(code_ttl=600, max_attempts=5)


@pytest.fixture
def otp(store, mailer, clock, tokens, otp_settings):
    return OtpService(store, mailer, clock, tokens, SECRET, otp_settings)


@pytest.fixture
def provider():
    return FakeIdentityProvider()


@pytest.fixture
def oidc_settings():
    return OidcSettings(issuer=ISSUER, client_id="plotpress", client_secret="client-secret")


@pytest.fixture
def oidc(provider, store, clock, tokens, oidc_settings):
    return OidcService(provider, store, clock, tokens, SECRET, oidc_settings, REDIRECT_URI)
