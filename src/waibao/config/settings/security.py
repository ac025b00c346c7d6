"""Security settings (等保 2.0 level 3, GB/T 22239-2019): passwords, lockout, second factor,
sessions, headers, retention and field-encryption keys. Every value can be set from the
environment so a bureau tunes its policy without a code change; ``deploy/README.md`` lists them.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


# Passwords (GB/T 22239-2019 8.1.4.1 a: identification, complexity, periodic change).
WAIBAO_PASSWORD_MIN_LENGTH = _int("WAIBAO_PASSWORD_MIN_LENGTH", 12)
WAIBAO_PASSWORD_HISTORY = _int("WAIBAO_PASSWORD_HISTORY", 5)
WAIBAO_PASSWORD_MAX_AGE_DAYS = _int("WAIBAO_PASSWORD_MAX_AGE_DAYS", 90)  # 0: never expires

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": WAIBAO_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "waibao.security.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "waibao.security.passwords.UsernameContainmentValidator"},
    {"NAME": "waibao.security.passwords.PasswordHistoryValidator"},
]

# Login failures (8.1.4.1 b): per username and per client address.
WAIBAO_LOCKOUT_THRESHOLD = _int("WAIBAO_LOCKOUT_THRESHOLD", 5)
WAIBAO_LOCKOUT_WINDOW_MINUTES = _int("WAIBAO_LOCKOUT_WINDOW_MINUTES", 15)
WAIBAO_LOCKOUT_MINUTES = _int("WAIBAO_LOCKOUT_MINUTES", 30)

# Second factor (8.1.4.1 d: two or more authentication techniques for administrators).
WAIBAO_TOTP_ISSUER = os.environ.get("WAIBAO_TOTP_ISSUER", "Waibao 外包")
WAIBAO_RECOVERY_CODES = 10
# A session of a user who needs a second factor must carry proof that it was given. Off only in
# the test settings of other areas, which sign staff in with ``force_login``.
WAIBAO_ENFORCE_SECOND_FACTOR = True
WAIBAO_PENDING_LOGIN_SECONDS = 300  # between the password and the second factor

# Sessions (8.1.4.1 b: timeout on inactivity).
WAIBAO_SESSION_IDLE_MINUTES = _int("WAIBAO_SESSION_IDLE_MINUTES", 30)
WAIBAO_ONE_SESSION_PER_STAFF = _bool("WAIBAO_ONE_SESSION_PER_STAFF", False)
SESSION_COOKIE_AGE = _int("WAIBAO_SESSION_MAX_HOURS", 12) * 3600  # absolute cap
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "security:login"  # a URL name: reversed in the visitor's language
LOGIN_REDIRECT_URL = "/"

# Headers: Django's SecurityMiddleware sends nosniff, Referrer-Policy and COOP; ours sends
# Content-Security-Policy and Permissions-Policy. No inline scripts anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
WAIBAO_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
WAIBAO_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Audit retention (网络安全法 第二十一条: network logs kept no less than six months).
WAIBAO_AUDIT_RETENTION_DAYS = max(180, _int("WAIBAO_AUDIT_RETENTION_DAYS", 180))

# Field encryption keys (Fernet, newest first): an explicit list here overrides the
# environment. Left empty, waibao.crypto reads WAIBAO_FIELD_KEY / WAIBAO_FIELD_KEY_FILE when a
# key is needed (a rotated key file needs no restart); production.py refuses to start without
# them, and only a DEBUG development run falls back to a generated key under the data dir.
WAIBAO_FIELD_KEYS: list[str] = []


def secret_from_environment(name: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (outside the tree, e.g. a
    systemd credential or a Docker secret); empty when neither is set."""
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE")
    if not value and path:
        with open(path, encoding="utf-8") as secret_file:
            value = secret_file.read().strip()
    return value


def secret_key_fallbacks() -> list[str]:
    """Old SECRET_KEYs still accepted for signatures while sessions roll over to the new one."""
    raw = secret_from_environment("WAIBAO_SECRET_KEY_FALLBACKS")
    return [key.strip() for key in raw.replace("\n", ",").split(",") if key.strip()]
