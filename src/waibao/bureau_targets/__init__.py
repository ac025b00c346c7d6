"""The figures the bureau enters for development targets (issue 19): measured values Waibao
cannot compute (clusters, multinationals, professionals) and the bureau's own targets where a
text sets none, each dated, sourced and audited, a newer entry superseding an older one
without overwriting it (docs/decisions/0028-bureau-targets-and-declared-expenses.md)."""
