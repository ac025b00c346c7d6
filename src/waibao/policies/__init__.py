"""One folder per policy text (issue 18). Each folder holds what its text decides: the text
itself, its dated parameters and clauses (``params.yaml``), the formulas (``clauses.py``), the
short titles, and ``policy.yaml``, the manifest ``waibao.jurisdictions`` discovers. No other
module names a jurisdiction; see docs/adding-a-policy.md."""
