"""Accounts: who a user is to Waibao (role) and what they are scoped to (organisation, region).

The permission rules themselves live in ``waibao.permissions``; this app only stores the facts
they read.
"""
