"""Who must hear that a worker's wallet changed, inside the transaction that changed it.

Capabilities above credentials keep things derived from a worker's credentials (matching keeps
a profile vector per worker). The credentials package must not import them, so they register a
listener here when the services are put together, and every wallet write that changes what the
worker's credentials show (one added or removed, a status check that finds it revoked,
suspended, expired or no longer about them, an issuer's revocation or suspension) calls the
listeners in its own transaction: the change and the note that something depends on it commit
together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

WalletListener = Callable[[Connection, str], None]  # (the open transaction, the worker's id)


class WalletChanges:
    """The listeners of one credentials service; each is called once per change and worker."""

    def __init__(self) -> None:
        self.listeners: list[WalletListener] = []

    def watch(self, listener: WalletListener) -> None:
        """Call `listener` on every change from now on (registering it twice has no effect)."""
        if listener not in self.listeners:
            self.listeners.append(listener)

    def changed(self, conn: Connection, worker_id: str) -> None:
        for listener in self.listeners:
            listener(conn, worker_id)
