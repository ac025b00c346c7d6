from access_world import world  # noqa: F401  (the shared fixture)
from workbench_world import funds_world  # noqa: F401  (the shared fixture)
