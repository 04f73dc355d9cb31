"""Where the public site shows a need, for the staff pages: the site (cms) tells, stations asks.

Stations may not import the public site (the dependency runs the other way), so the site registers
a function that returns a need's public address when it starts (cms.apps); without one, or without a
needs index page, the staff pages simply show no link.
"""

from collections.abc import Callable

from stations.models import Need

_need_url_resolver: Callable[[Need], str] | None = None


def register_need_url_resolver(resolver: Callable[[Need], str]) -> None:
    global _need_url_resolver
    _need_url_resolver = resolver


def need_public_url(need: Need) -> str:
    """Return the address of the need's public page in the default language, or "" if the site has none."""
    return _need_url_resolver(need) if _need_url_resolver else ""
