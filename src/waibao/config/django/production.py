"""Production: behind a TLS-terminating reverse proxy (deploy/), secrets only from the
environment or files outside the tree. Refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from waibao.config.django.base import *  # noqa: F403
from waibao.config.settings.security import secret_from_environment, secret_key_fallbacks
from waibao.crypto import keys_from_environment

SECRET_KEY = secret_from_environment("WAIBAO_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "WAIBAO_SECRET_KEY (or WAIBAO_SECRET_KEY_FILE) must hold at least 50 random characters"
    )
SECRET_KEY_FALLBACKS = secret_key_fallbacks()
if not keys_from_environment():
    raise ImproperlyConfigured(
        "WAIBAO_FIELD_KEY (or WAIBAO_FIELD_KEY_FILE) must name the Fernet key(s) that encrypt "
        "secrets in the database; see deploy/README.md"
    )
DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
# nginx (deploy/nginx/waibao.conf) sets X-Real-IP to the peer address, overwriting any value
# the client sent; only then may lockout and the security log trust it.
WAIBAO_TRUST_X_REAL_IP = True
SESSION_COOKIE_NAME = "__Host-waibao-session"
CSRF_COOKIE_NAME = "__Host-waibao-csrf"
