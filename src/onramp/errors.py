"""The one exception hierarchy of the domain.

Adapters (HTTP, CLI) map these to status codes and exit codes in one place each, so domain code
never needs to know which edge it runs behind.
"""

from __future__ import annotations


class OnrampError(Exception):
    """Base class: every error the product raises on purpose."""

    code = "error"


class ConfigError(OnrampError):
    code = "config_error"


class NotFoundError(OnrampError):
    code = "not_found"


class InvalidInputError(OnrampError):
    """The caller sent something we cannot use; nothing was changed."""

    code = "invalid_input"


class TooLargeError(InvalidInputError):
    """The input is bigger than Onramp agrees to read (bytes, characters, paragraphs, pages).
    Nothing was read past the limit and nothing was changed."""

    code = "too_large"


class TooSlowError(InvalidInputError):
    """Working on the input took longer than its time budget, so the work was stopped."""

    code = "too_slow"


class ImportFileError(InvalidInputError):
    """An import file is missing, truncated or corrupt; names the file and, when known, the line."""

    code = "import_file_error"

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.detail = message
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class NotAvailableError(OnrampError):
    """A feature or data set that is not installed or not built yet. Says what to do instead."""

    code = "not_available"


class BusyError(NotAvailableError):
    """Every worker for this kind of job is taken; the caller may try again shortly."""

    code = "busy"

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class StoreError(OnrampError):
    code = "store_error"


class AuthenticationError(OnrampError):
    """Not logged in, or the credentials are wrong, expired or revoked."""

    code = "not_authenticated"


class PermissionDeniedError(OnrampError):
    """Logged in, but not allowed: another tenant's data, or no consent from the worker."""

    code = "forbidden"


class ConflictError(InvalidInputError):
    """The request clashes with what exists (an email already used, a token already spent)."""

    code = "conflict"


class RateLimitedError(OnrampError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


def mapped(error: OnrampError, table: dict[type[OnrampError], int], default: int) -> int:
    """The value an edge gives an error: the entry for its nearest class in `table`."""
    for kind in type(error).__mro__:
        if kind in table:
            return table[kind]
    return default
