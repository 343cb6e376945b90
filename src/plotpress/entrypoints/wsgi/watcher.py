"""``serve --reload``: each worker polls the workspace and reloads it when it changes.

A change that does not validate is logged and the last good workspace keeps serving.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from plotpress.services.reload import ReloadResult

log = logging.getLogger(__name__)


class WorkspaceWatcher:
    def __init__(
        self,
        reload: Callable[[], ReloadResult],
        fingerprint: Callable[[], str],
        *,
        interval: float = 1.0,
    ) -> None:
        self._reload = reload
        self._fingerprint = fingerprint
        self.interval = interval
        self._seen = fingerprint()

    def check(self) -> ReloadResult | None:
        """Reload if the files changed since the last check; None when nothing changed."""
        current = self._fingerprint()
        if current == self._seen:
            return None
        self._seen = current
        result = self._reload()
        if result.ok:
            log.info("workspace changed on disk; now serving %s", result.version)
        return result
