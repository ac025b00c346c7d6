"""Logging: Django's defaults (console while DEBUG, mail to admins otherwise), with a 403 on
one line instead of a traceback (``waibao.security.log_filters``)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_on_one_line": {"()": "waibao.security.log_filters.ForbiddenOnOneLine"},
    },
    "loggers": {
        "django.request": {"filters": ["forbidden_on_one_line"]},
    },
}
