"""API tokens (``waibao.apitokens``): how long one lives unless its maker asks for less, and
the longest anyone may ask for. docs/security.md, "API authentication"."""

from __future__ import annotations

import os

WAIBAO_API_TOKEN_DAYS = int(os.environ.get("WAIBAO_API_TOKEN_DAYS", "90"))
WAIBAO_API_TOKEN_MAX_DAYS = int(os.environ.get("WAIBAO_API_TOKEN_MAX_DAYS", "365"))
