"""Making one's own API token from the signed-in session (``POST /api/tokens``). A staff
user's session must carry the second factor (given at this sign-in); a token cannot make
another token. The secret is in this answer only, with its expiry."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from waibao.apitokens.services import SecondFactorNeeded, TokenRefused, token_create
from waibao.bounds import TokenDays
from waibao.security.sessions import SECOND_FACTOR_KEY

router = Router(tags=["tokens"])


class TokenIn(Schema):
    name: str
    days: TokenDays | None = None


class TokenOut(Schema):
    token: str
    prefix: str
    name: str
    expires_at: dt.datetime


@router.post(
    "/tokens", response={201: TokenOut}, summary="为本人创建接口令牌 / make an API token for me"
)
def token_make(request: HttpRequest, body: TokenIn) -> Status[TokenOut]:
    if getattr(request, "via_token", False):
        raise HttpError(403, "a token cannot make tokens: sign in (with the second factor)")
    given = bool(request.session.get(SECOND_FACTOR_KEY))
    try:
        token, raw = token_create(
            user=request.auth,  # type: ignore[attr-defined]
            name=body.name,
            second_factor_given=given,
            days=body.days,
        )
    except TokenRefused as refused:
        status = 403 if isinstance(refused, SecondFactorNeeded) else 422
        raise HttpError(status, str(refused)) from None
    return Status(
        201,
        TokenOut(token=raw, prefix=token.prefix, name=token.name, expires_at=token.expires_at),
    )
