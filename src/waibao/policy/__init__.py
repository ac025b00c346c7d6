"""The bureau's own configuration of the policy texts: parameter overlays (``ParameterOverride``)
that the rules engine applies as ``reform`` whenever entitlements are computed from the database."""
