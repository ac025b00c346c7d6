"""The ways a funds operation is refused, each with a message a person can act on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from waibao.refusals import Conflict, NotPermitted, Refused


class FundsError(Refused):
    """A business rule refused the operation; nothing was written.

    ``field``: what the refusal is about, when it is one value the caller gave (a service
    keyword such as ``claimed_fen``, or a request field such as ``claimed``); a page shows the
    message beside that field (``waibao.funds.actions.Action.run`` names the request field)."""

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        self.field = field


class Forbidden(FundsError, NotPermitted, PermissionDenied):
    """The actor's role or scope does not allow this (Django answers 403)."""


class InvalidTransition(FundsError, Conflict):
    """The application is not in a state where this step applies."""


class InvalidAmount(FundsError):
    """An amount outside what the entitlement, the clause or the bureau allows."""


class BudgetExceeded(FundsError):
    """A commitment larger than what is left on its budget line."""


class InvalidEvidence(FundsError):
    """A file that is too big, empty, or not a PDF, JPEG or PNG by its content."""


class InvalidEntitlements(FundsError):
    """Entitlement rows that cannot be imported; ``lines`` names every row and field."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))
