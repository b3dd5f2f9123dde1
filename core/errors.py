"""The small hierarchy of business errors, mapped once for the API and once for pages.

Message strings are constants so tests can assert on them.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400
    #: Seconds after which the same request may succeed (sent as Retry-After), if known.
    retry_after: int | None = None

    def __init__(self, detail: str, errors: list[FieldError] | None = None):
        super().__init__(detail)
        self.detail = str(detail)
        self.errors: list[FieldError] = list(errors or [])

    def as_dict(self) -> dict:
        return {
            "detail": self.detail,
            "errors": [{"field": e.field, "message": str(e.message)} for e in self.errors],
        }


class ValidationFailed(DomainError):
    """One or more fields are invalid; every failing field is listed."""

    status_code = 422


class NotAllowed(DomainError):
    """The action is not allowed in the current status (or the version is stale)."""

    status_code = 409


class NotFound(DomainError):
    """Missing, or not the caller's to see (never reveal which)."""

    status_code = 404

    def __init__(self, detail: str | None = None, errors: list[FieldError] | None = None):
        super().__init__(detail or msg_not_found(), errors)


def msg_not_found() -> str:
    return gettext("未找到。")


class Forbidden(DomainError):
    """Authenticated, but this role or enterprise may not do this."""

    status_code = 403


@dataclass
class ErrorCollector:
    """Collects field errors so a form or request reports every problem at once."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, str(message)))

    def has(self, name: str) -> bool:
        return any(e.field == name for e in self.errors)

    def raise_if_any(self, detail: str) -> None:
        if self.errors:
            raise ValidationFailed(detail, self.errors)


class TooLarge(DomainError):
    """An upload over the size limit."""

    status_code = 413


class UnsupportedType(DomainError):
    """An upload that is not of the accepted type (not a PDF)."""

    status_code = 415
