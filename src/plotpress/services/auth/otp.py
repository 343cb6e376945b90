"""Sign-in by e-mailed one-time code.

``request_code`` answers the same for every well-formed allowed address: there is no
list of known addresses to reveal, anyone may receive a code, and the dashboards' roles
decide what they then see.
"""

from __future__ import annotations

import datetime as dt

import attrs

from plotpress.domain.identity import OtpCode
from plotpress.domain.settings import EmailOtpSettings
from plotpress.ports.clock import Clock
from plotpress.ports.mailer import Mailer, MailError
from plotpress.ports.store import MetadataStore, UnitOfWork
from plotpress.ports.tokens import TokenFactory
from plotpress.services.auth import addresses, ratelimit
from plotpress.services.auth.hashing import OTP_PURPOSE, check_secret, keyed_hash, same
from plotpress.services.auth.ratelimit import Limit, RateLimited
from plotpress.services.auth.signin import SignIn

__all__ = [
    "AddressNotAllowed",
    "CodeExpired",
    "CodeInvalid",
    "CodeNotSent",
    "InvalidAddress",
    "OtpDisabled",
    "OtpError",
    "OtpLimits",
    "OtpService",
    "RateLimited",
    "TooManyAttempts",
]


class OtpError(Exception):
    """Base of the e-mail sign-in errors; each message is fit to show the person."""


class OtpDisabled(OtpError):
    def __init__(self) -> None:
        super().__init__("Sign-in by e-mail is not enabled on this server.")


class InvalidAddress(OtpError):
    def __init__(self, message: str = "That does not look like an e-mail address.") -> None:
        super().__init__(message)


class AddressNotAllowed(InvalidAddress):
    def __init__(self) -> None:
        super().__init__("Sign-in by e-mail is not available for this address's domain.")


class CodeNotSent(OtpError):
    """The mail server refused or was unreachable; the code was not delivered."""

    def __init__(self) -> None:
        super().__init__("The code could not be sent just now. Please try again later.")


class CodeInvalid(OtpError):
    """Wrong code; ``attempts_left`` more tries on the current code."""

    def __init__(self, attempts_left: int) -> None:
        super().__init__("That code is not right.")
        self.attempts_left = attempts_left


class CodeExpired(OtpError):
    """No live code for the address: expired, used, replaced by a newer one or never sent."""

    def __init__(self) -> None:
        super().__init__("That code has expired or was already used. Ask for a new one.")


class TooManyAttempts(OtpError):
    def __init__(self) -> None:
        super().__init__("Too many wrong codes. Ask for a new one.")


_FIFTEEN_MINUTES = 900.0
CODES_PER_ADDRESS = Limit(hits=5, window=_FIFTEEN_MINUTES)
CODES_PER_CLIENT = Limit(hits=20, window=_FIFTEEN_MINUTES)
CHECKS_PER_CLIENT = Limit(hits=30, window=_FIFTEEN_MINUTES)


@attrs.frozen
class OtpLimits:
    """Rate limits: code requests per address and per client, verifications per client.

    Five codes per address per quarter hour, each with ``max_attempts`` tries, keep a
    6-digit code's guessing odds negligible; the client limits slow down spraying.
    """

    per_address: Limit = CODES_PER_ADDRESS
    per_client: Limit = CODES_PER_CLIENT
    verify_per_client: Limit = CHECKS_PER_CLIENT


CODE_DIGITS = 6


class OtpService:
    def __init__(  # noqa: PLR0917 - collaborators in the order every caller passes them
        self,
        store: MetadataStore,
        mailer: Mailer,
        clock: Clock,
        tokens: TokenFactory,
        secret: str,
        settings: EmailOtpSettings,
        *,
        limits: OtpLimits = OtpLimits(),
        digits: int = CODE_DIGITS,
        site_name: str = "PlotPress",
    ) -> None:
        if digits < CODE_DIGITS:
            raise ValueError(f"codes need at least {CODE_DIGITS} digits")
        self._store = store
        self._mailer = mailer
        self._clock = clock
        self._tokens = tokens
        self._secret = check_secret(secret)
        self._settings = settings
        self._limits = limits
        self._digits = digits
        self._site = site_name

    def request_code(self, email: str, client_addr: str) -> None:
        """Mail a new code to ``email``, voiding older ones.

        Raises InvalidAddress / AddressNotAllowed for a malformed or excluded address,
        RateLimited, CodeNotSent when the mail server fails, OtpDisabled. Otherwise the
        call returns nothing, the same for an address seen before and one never seen.
        """
        address = self._address(email)
        now = self._clock.now()
        code = self._tokens.code(self._digits)
        ttl = dt.timedelta(seconds=self._settings.code_ttl)
        with self._store.unit_of_work() as uow:
            # Both buckets count even when one is already over, and the hits commit
            # before RateLimited is raised (a raise inside would roll them back).
            waits = [
                self._limit(uow, "otp-client", client_addr, self._limits.per_client, now),
                self._limit(uow, "otp-address", address, self._limits.per_address, now),
            ]
            limited = [w for w in waits if w is not None]
            if not limited:
                uow.otp_codes.issue(
                    OtpCode(
                        id=self._tokens.new_id(),
                        email=address,
                        code_hash=self._hash(address, code),
                        created_at=now,
                        expires_at=now + ttl,
                    )
                )
        if limited:
            raise RateLimited(max(limited))
        # Mail after the commit: the store is not held locked while SMTP talks.
        try:
            self._mailer.send(address, f"Your {self._site} sign-in code", self._text(code, ttl))
        except MailError:
            raise CodeNotSent() from None

    def verify(self, email: str, code: str, client_addr: str) -> SignIn:
        """Check a code; on success consume it and return the signed-in OTP user.

        Raises CodeInvalid (wrong code, tries left), TooManyAttempts (that was the last
        try), CodeExpired (no live code), RateLimited, InvalidAddress, OtpDisabled.
        """
        address = self._address(email)
        candidate = "".join(code.split())  # people paste codes with spaces
        now = self._clock.now()
        max_attempts = self._settings.max_attempts
        with self._store.unit_of_work() as uow:
            wait = self._limit(uow, "otp-verify", client_addr, self._limits.verify_per_client, now)
            if wait is not None:
                outcome: OtpError | SignIn | int = wait
            else:
                outcome = self._attempt(uow, address, candidate, now, max_attempts)
        # Raised after the commit so the counted attempt is kept.
        if isinstance(outcome, int):
            raise RateLimited(outcome)
        if isinstance(outcome, OtpError):
            raise outcome
        return outcome

    def _attempt(
        self, uow: UnitOfWork, address: str, candidate: str, now: dt.datetime, max_attempts: int
    ) -> OtpError | SignIn:
        live = uow.otp_codes.begin_attempt(address, now, max_attempts)
        if live is None:
            return CodeExpired()
        # Malformed input still spends an attempt: it is compared like any other guess.
        if not same(live.code_hash, self._hash(address, candidate)):
            left = max_attempts - live.attempts
            return CodeInvalid(left) if left > 0 else TooManyAttempts()
        if not uow.otp_codes.consume(live.id):
            return CodeExpired()  # a concurrent request used it first
        user = uow.users.upsert_email_user(address, now, self._tokens.new_id())
        return SignIn(user=user, claims={"email": address, "sub": f"email:{address}"})

    def _limit(
        self, uow: UnitOfWork, kind: str, subject: str, limit: Limit, now: dt.datetime
    ) -> int | None:
        return ratelimit.check(
            uow.rate_limits, secret=self._secret, kind=kind, subject=subject, limit=limit, now=now
        )

    def _address(self, email: str) -> str:
        if not self._settings.enabled:
            raise OtpDisabled()
        address = addresses.normalise(email)
        if address is None:
            raise InvalidAddress()
        if not addresses.domain_allowed(address, self._settings.allowed_domains):
            raise AddressNotAllowed()
        return address

    def _hash(self, address: str, code: str) -> str:
        # The address is part of the message: a code hash is only ever valid for its address.
        return keyed_hash(self._secret, OTP_PURPOSE, address, code)

    def _text(self, code: str, ttl: dt.timedelta) -> str:
        minutes = max(1, round(ttl.total_seconds() / 60))
        return (
            f"Your {self._site} sign-in code is:\n\n    {code}\n\n"
            f"It expires in {minutes} minute{'s' if minutes != 1 else ''} and works once.\n"
            "If you did not ask to sign in, you can ignore this message.\n"
        )
