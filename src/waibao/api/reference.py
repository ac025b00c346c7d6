"""Generate ``docs/api.md`` from the OpenAPI document, so the API reference cannot drift.

``python -m waibao.api.reference > docs/api.md`` rewrites it; a test fails when an endpoint has
no summary or the committed reference differs from the API (STYLE.md: an endpoint without
documentation fails a test).
"""

from __future__ import annotations

import os
from typing import Any


def openapi_document() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waibao.config.django.base")
    import django

    django.setup()
    from waibao.api.urls import api

    return api.get_openapi_schema(path_prefix="/api/")


def api_reference(document: dict[str, Any] | None = None) -> str:
    document = document or openapi_document()
    lines = [
        "# The JSON API",
        "",
        "Generated from the OpenAPI document by `python -m waibao.api.reference`; do not edit.",
        "The live document is served at `/api/openapi.json` and browsable at `/api/docs`.",
        "Authentication, the same on every endpoint not marked public (`waibao.web.auth`):",
        "",
        "- `Authorization: Bearer <token>` for machine clients: no CSRF token needed. A token",
        "  acts as its user, with that user's role and scope, and expires (90 days unless",
        "  `WAIBAO_API_TOKEN_DAYS` says otherwise; at most `WAIBAO_API_TOKEN_MAX_DAYS`, 365;",
        "  the expiry is shown when it is made). Make one with `POST /api/tokens` from a",
        "  signed-in session, or `waibao token USERNAME`. A staff user's token needs the",
        "  second factor: a session that gave it at sign-in, or `waibao token --code`. A",
        "  request with a wrong, revoked or expired token is 401, whatever else it carries.",
        "- otherwise the browser session; a write (POST, PUT, PATCH, DELETE) must carry the",
        "  `X-CSRFToken` header (403 without it).",
        "",
        "Every endpoint then checks the caller's role and scope through `waibao.permissions`.",
        "Refusals (`waibao.web.errors`): 401 not signed in, 403 not allowed, 404 not in your",
        "scope, 409 wrong state, 400 a rule refused it (with `problems` where there are",
        "several, and `field`, the request field, when it is about one value given), 422 a",
        "value is malformed or a model rule refuses it; every one with `detail`.",
        "",
    ]
    by_tag: dict[str, list[tuple[str, str, str]]] = {}
    for path, operations in sorted(document["paths"].items()):
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["other"])[0]
            summary = " ".join(str(operation.get("summary", "")).split())
            by_tag.setdefault(tag, []).append((method.upper(), path, summary))
    for tag in sorted(by_tag):
        lines += [f"## {tag}", "", "| method | path | summary |", "|---|---|---|"]
        lines += [f"| {m} | `{p}` | {s.replace('|', '/')} |" for m, p, s in by_tag[tag]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(api_reference(), end="")
