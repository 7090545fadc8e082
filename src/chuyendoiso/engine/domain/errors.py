"""The one error shape of the product: a message and a dict of details."""

from __future__ import annotations

from typing import Any

BOTH_LANGUAGES = " / "  # "tiếng Việt / English": how a message is written in both


def in_language(message: str, language: str) -> str:
    """The part of a message written in both languages ("tiếng Việt / English") that is in
    ``language`` (``vi`` or ``en``); a message in one language, or whose two parts cannot be
    told apart (the separator found more than once), whole."""
    vietnamese, separator, english = message.partition(BOTH_LANGUAGES)
    if not separator or BOTH_LANGUAGES in english:
        return message
    return english if language == "en" else vietnamese


def both(vietnamese: str, english: str) -> str:
    """A message in both languages, "tiếng Việt / English". A " / " inside a part (a name
    or words quoted from a document) is written with a no-break space after the slash, which
    looks the same, so that the message is split at its one separator (``in_language``)."""
    return BOTH_LANGUAGES.join(
        part.replace(BOTH_LANGUAGES, " /\u00a0") for part in (vietnamese, english)
    )


class CdsError(Exception):
    """An error a user can act on.

    ``message`` says what is wrong in plain words, in both languages, Vietnamese first
    ("tiếng Việt / English": a page shows the part in its language, ``in_language``);
    ``extra`` names the place (file, line, row, column, field) and the offending value.
    The API renders it as ``{"message": ..., "extra": {...}}``.
    """

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra: dict[str, Any] = extra

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "extra": self.extra}

    def __str__(self) -> str:
        where = ", ".join(f"{key}={value}" for key, value in self.extra.items())
        return f"{self.message} ({where})" if where else self.message


class ValidationError(CdsError):
    """Input that breaks a rule of the domain."""


class NotFoundError(CdsError):
    """A code or identifier that names nothing known."""


class PermissionDeniedError(CdsError):
    """An action the acting user's roles do not allow on that org unit."""
