"""The funds' writing services, one module a stage, in the order money moves:

``budgets`` -> ``entitlements_in`` -> ``applications`` -> ``review`` -> ``publication`` ->
``allocation`` -> ``payment``; ``common`` holds what they share. A stage imports only
``common`` and the stages before it. Every state change checks its actor, runs in one
transaction and leaves an audit record (who, when, from which state to which, why).
The page and the API call them through one adapter each (``waibao.funds.actions``).
"""
