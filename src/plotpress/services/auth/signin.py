"""The outcome of a successful sign-in, whichever way it happened."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from plotpress.domain.identity import User


@attrs.frozen
class SignIn:
    """A verified person: pass both to ``SessionService.start`` to open a session."""

    user: User
    claims: Mapping[str, object]
