"""API tokens for machine clients: a hashed secret per token, revocable, tied to a user whose
role and scope (``waibao.permissions``) then apply exactly as in the browser."""
