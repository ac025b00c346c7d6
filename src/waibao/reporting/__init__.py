"""Reporting: contracts taken and money executed (DATA-FORMATS.md), categories, currencies and
exchange rates, and the all-or-nothing imports that fill them."""
