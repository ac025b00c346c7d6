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
        "Authentication: the browser session, or `Authorization: Bearer <token>` for machine",
        "clients (`waibao token USERNAME`). Every endpoint checks the caller's role and scope",
        "through `waibao.permissions`.",
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
