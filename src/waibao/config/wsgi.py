import importlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waibao.config.django.base")
application = get_wsgi_application()

# Views import these lazily (the statistics extra is optional); importing them here, once, in
# gunicorn's master (preload_app) spares each worker's first requests a second or two.
for _module in (
    "waibao.rules",
    "waibao.facts.from_db",
    "waibao.reporting.rates",
    "waibao.stats.sources",
    "waibao.stats.targets",
    "waibao.stats.indicators",
    "waibao.stats.sqlite_arrow",
    "ibis.backends.duckdb",  # SQLite's statistics run in DuckDB (docs/decisions/0009)
):
    try:
        importlib.import_module(_module)
    except ImportError:
        pass
