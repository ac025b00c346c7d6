"""Waibao (外包): service-outsourcing industry policy as code.

The pure-Python parts (``waibao.money``, ``waibao.facts``, ``waibao.rules``) import no Django;
the Django apps (registry, reporting, funds, portal, api) hold the operational data.
"""

__version__ = "0.1.0"
