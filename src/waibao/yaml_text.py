"""YAML read with libyaml's safe loader where PyYAML was built with it.

Every start of ``waibao`` reads the policy folders' YAML (parameters, titles, manifests):
PyYAML's pure-Python ``safe_load`` spent about 0.35 s of each run on it, a tenth of the
whole of ``waibao entitlements`` on 200,000 records (issue 20). ``CSafeLoader`` builds the
same documents with the same safe constructors, only in C; where PyYAML lacks libyaml the
pure-Python loader gives the same result, slower.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, with libyaml when available."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader (C or Python)
