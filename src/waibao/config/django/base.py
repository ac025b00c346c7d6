"""Settings shared by every environment. Integrations live in ``config/settings/``."""

from __future__ import annotations

import os
from pathlib import Path

from waibao.config.settings.apitokens import *  # noqa: F403
from waibao.config.settings.database import database_config
from waibao.config.settings.i18n import *  # noqa: F403
from waibao.config.settings.log import LOGGING  # noqa: F401
from waibao.config.settings.security import *  # noqa: F403
from waibao.paths import data_dir

PACKAGE_DIR = Path(__file__).resolve().parents[2]

# Development default only; production.py refuses to start without WAIBAO_SECRET_KEY.
SECRET_KEY = os.environ.get("WAIBAO_SECRET_KEY", "waibao-development-only-not-secret")
DEBUG = os.environ.get("WAIBAO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("WAIBAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "waibao.security.admin_apps.SecureAdminConfig",  # django.contrib.admin, two-step login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "waibao.registry",
    "waibao.accounts",
    "waibao.reporting",
    "waibao.dataversion",
    "waibao.portal",
    "waibao.audit",
    "waibao.funds",
    "waibao.plans",
    "waibao.bureau_targets",
    "waibao.talent",
    "waibao.security",
    "ninja",  # Swagger UI from our static files: no CDN, no inline script
    "waibao.apitokens",
    "waibao.publishing",
    "waibao.evaluation",
    "waibao.measures",
    "waibao.policy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "waibao.security.middleware.SecurityHeadersMiddleware",  # outermost: on every response
    "waibao.security.middleware.NullCharacterMiddleware",  # PostgreSQL text holds no NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "waibao.api.language.ApiLanguageMiddleware",  # the API: Accept-Language decides
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "waibao.security.middleware.SessionPolicyMiddleware",
]

ROOT_URLCONF = "waibao.config.urls"
WSGI_APPLICATION = "waibao.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # a system administrator's role carries every model permission (waibao.permissions)
    "waibao.accounts.backends.RolePermissionBackend",
]

# Computed figures (dashboard, targets progress, calculator) are cached under the data version
# (waibao.readmodel.cache): files in the data directory, shared by the server's workers and by
# the commands that compute them ahead (`waibao demo`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(data_dir() / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# The public calculator (/calculator/try/, POST /api/calculator): calculations a minute from one
# client address, counted in the cache above (0: no limit). docs/decisions/0016-first-hour.md.
WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE = int(
    os.environ.get("WAIBAO_PUBLIC_CALCULATOR_PER_MINUTE", "30")
)

# Set by `waibao demo` when it serves the demo data set: the home page then links the guided
# tour (演示导览, /demo/tour/), which is a 404 otherwise. A flag, so the portal needs no import
# of waibao.demo (the demo stands above it).
WAIBAO_DEMO = os.environ.get("WAIBAO_DEMO", "0") == "1"

STATIC_URL = "static/"
STATIC_ROOT = data_dir() / "static"
MEDIA_ROOT = data_dir() / "files"
