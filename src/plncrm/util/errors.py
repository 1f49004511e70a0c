"""The one exception type for user errors, and the exit codes it carries.

Core modules raise `PlnError` (or a subclass); the CLI catches it once, at its
edge, prints the message as one line on stderr and exits with `exit_code`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit statuses, documented in the README."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    NOT_FOUND = 3
    AMBIGUOUS = 4
    INVALID = 5
    CONFLICT = 6
    REFUSED = 7
    STORE = 8
    FILE = 9
    DELIVERY = 10


class PlnError(Exception):
    """A problem the user can fix; never shown with a traceback."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(PlnError):
    exit_code = ExitCode.NOT_FOUND


class Ambiguous(PlnError):
    exit_code = ExitCode.AMBIGUOUS


class Invalid(PlnError):
    exit_code = ExitCode.INVALID


class Conflict(PlnError):
    exit_code = ExitCode.CONFLICT


class Refused(PlnError):
    exit_code = ExitCode.REFUSED


class StoreError(PlnError):
    exit_code = ExitCode.STORE


class FileError(PlnError):
    """A file could not be written (missing or unwritable folder, full disk, a
    symlink where a file should be)."""

    exit_code = ExitCode.FILE


class DeliveryError(PlnError):
    """A network service refused or could not be reached: a notification not
    delivered, the Bluesky API down or rate-limiting."""

    exit_code = ExitCode.DELIVERY
