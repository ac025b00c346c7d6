"""Every page the URL map can produce carries the security headers: the portal, the admin,
the API and its documentation, the sign-in pages; for an anonymous visitor and for a signed-in
administrator; whatever the status (200, 302, 404, 405)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def _concrete(pattern) -> str:
    text = str(pattern.pattern)
    text = re.sub(r"\(\?P<\w+>([\w|]+)\)", lambda m: m.group(1).split("|")[0], text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)  # other regex groups
    text = re.sub(r"<(?:\w+:)?\w+>", "1", text)  # route converters
    return text.lstrip("^").rstrip("$").replace("\\", "")


def all_paths(patterns=None, prefix="") -> list[str]:
    paths = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            paths += all_paths(pattern.url_patterns, prefix + _concrete(pattern))
        elif isinstance(pattern, URLPattern):
            paths.append("/" + prefix + _concrete(pattern))
    return sorted(set(paths))


def test_the_walk_covers_portal_admin_api_docs_and_login():
    paths = all_paths()
    for expected in (
        "/",
        "/admin/",
        "/admin/login/",
        "/api/docs",
        "/api/openapi.json",
        "/security/login/",
        "/security/login/verify/",
    ):
        assert expected in paths
    assert len(paths) > 40
    assert not [p for p in paths if "(" in p or "<" in p]


def _assert_headers(response, path):
    headers = response.headers
    assert headers.get("Content-Security-Policy") == EXPECTED_CSP, path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") == "same-origin", path
    assert headers.get("X-Frame-Options") == "DENY", path
    assert "camera=()" in headers.get("Permissions-Policy", ""), path


@pytest.mark.django_db
def test_every_page_carries_the_security_headers_for_anonymous_and_admin(client, admin_client):
    for path in all_paths():
        for browser in (client, admin_client):
            _assert_headers(browser.get(path), path)


@pytest.mark.django_db
def test_redirects_and_errors_made_by_other_middleware_carry_the_headers_too(client):
    for path in ("/security/login", "/no-such-page/", "/admin"):
        _assert_headers(client.get(path), path)
    csrf_client = client.__class__(enforce_csrf_checks=True)
    refused = csrf_client.post("/security/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    _assert_headers(refused, "csrf failure")


@pytest.mark.django_db
def test_the_pages_have_no_inline_script(client, admin_client):
    """script-src 'self' would block inline scripts; make sure our pages do not need any."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    for path in ("/", "/security/login/", "/api/docs", "/admin/", "/admin/security/"):
        body = admin_client.get(path).content.decode()
        assert not inline.search(body), path
        assert " on" + "click=" not in body, path


@pytest.mark.django_db
def test_the_api_docs_are_served_from_our_own_static_files(client):
    body = client.get("/api/docs").content.decode()
    assert "cdn." not in body and "unpkg" not in body
    assert "/static/ninja/" in body


@pytest.mark.django_db
def test_production_sends_hsts_and_secure_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/security/login/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]
    assert response.cookies["csrftoken"]["httponly"]
