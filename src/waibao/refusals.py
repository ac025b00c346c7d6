"""The kinds of "no" a domain operation can answer, so that every app's refusals are turned
into one HTTP answer in one place (``waibao.web.errors``) without the apps knowing HTTP and
without the HTTP layer importing the apps (issue 18 item 3).

A domain error subclasses one of these kinds (besides whatever builtin it already was, so
that existing ``except ValueError`` callers keep working); ``waibao.web.errors`` maps the
kind to a status once. The kinds, most specific first:

- :class:`NotPermitted`: the actor's role or scope does not allow it (403).
- :class:`Unknown`: no such thing the actor may address (404).
- :class:`TooMany`: too many attempts; try later (429).
- :class:`Unprocessable`: a value that is not valid as given (422).
- :class:`Conflict`: the object's state, or the data, does not allow it now (409).
- :class:`Refused`: any other business rule (400), the base of all of them.

No Django here: this is the bottom floor, importable by models, services and scripts alike.
"""

from __future__ import annotations

from typing import Any

REFUSED = "refused: nothing written"


class Refused(Exception):
    """A business rule refused the operation; nothing was written.

    ``detail_template`` words the message for a caller (``{}`` is the message itself);
    a refusal that lists several reasons sets ``problems`` (see :meth:`problem_list`).
    """

    detail_template = "{}"

    def detail(self) -> str:
        return self.detail_template.format(self) if str(self) else REFUSED

    def problem_list(self) -> Any:
        """The reasons, JSON-shaped, or ``None`` for a refusal with a single message."""
        return getattr(self, "problems", None)


class NotPermitted(Refused):
    """The actor's role or scope does not allow this."""


class Unknown(Refused):
    """Nothing the actor may address goes by that name."""


class TooMany(Refused):
    """Too many attempts in the window; nothing was looked up."""


class Unprocessable(Refused):
    """A value given is not valid (a malformed identifier, a missing purpose...)."""


class Conflict(Refused):
    """The object's state, or the data, does not allow this now."""
