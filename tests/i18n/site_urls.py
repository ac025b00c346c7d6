"""Every page URL of the site, found by walking Django's URL resolver (issue 21's walker):
a page added later is walked without this file knowing it. Path parameters are filled from
samples (by the URL's name, else by the parameter's name); a pattern no sample fills is
reported, so the walker never skips a page in silence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Not pages of the portal: the JSON API and Django's admin site (each walked by its own test:
# test_json_speaks_chinese, test_admin_speaks_chinese).
SKIPPED_PREFIXES = ("api/", "admin/")
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its route with ``<converter:name>`` parameters, and its name."""

    route: str
    name: str

    @property
    def parameters(self) -> list[str]:
        return [m.group("name") for m in _PARAMETER.finditer(self.route)]

    def filled(self, values: Mapping[str, Any]) -> str:
        return "/" + _PARAMETER.sub(lambda m: str(values[m.group("name")]), self.route)


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + route, f"{namespace}{entry.name or ''}")


def site_routes() -> list[Route]:
    """The page routes of the Chinese site (the language prefix of ``/en/`` is empty while
    Chinese is active, so the routes are the unprefixed ones)."""
    routes = []
    for found in _walk(get_resolver().url_patterns, "", ""):
        if found.route.startswith(SKIPPED_PREFIXES) or found.route.startswith("^"):
            continue
        routes.append(found)
    return routes


Samples = Mapping[str, Callable[[], list[dict[str, Any]]]]


def site_urls(
    samples: Samples, by_parameter: Mapping[str, Any]
) -> tuple[list[tuple[str, str]], list[str]]:
    """((URL name, URL) to open, routes nothing fills). ``samples``: URL name -> the
    parameter sets to try; ``by_parameter``: a value per parameter name for the others."""
    urls: list[tuple[str, str]] = []
    unfilled: list[str] = []
    for route in site_routes():
        wanted = route.parameters
        if route.name in samples:
            urls.extend((route.name, route.filled(v)) for v in samples[route.name]())
        elif not wanted:
            urls.append((route.name, route.filled({})))
        elif all(name in by_parameter for name in wanted):
            urls.append((route.name, route.filled(by_parameter)))
        else:
            unfilled.append(f"{route.name} /{route.route}")
    return urls, unfilled
