from access_world import world  # noqa: F401  (the shared fixture)
