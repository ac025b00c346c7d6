"""Talent: training programmes, rosters, the talent pool, and the personal data they hold.

Personal data follows the Personal Information Protection Law (个人信息保护法, PIPL): ID
numbers, names and phone numbers are encrypted at rest (``crypto``), shown masked
(``masking``), every unmasked access is logged (``AccessLog``), a person's data can be exported
and erased, and retention limits are enforced by ``waibao talent purge``.
"""
