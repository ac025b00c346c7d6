"""What every all-or-nothing import shares (DATA-FORMATS.md §4): reading CSV or XLSX into
rows of text cells, collecting every problem as ``file:row:column: reason``, and writing
validated rows in bulk. The imports themselves are services of their apps
(``registry.services.enterprises_import``, ``reporting.services.contracts_import`` and
``executions_import``); this package knows nothing about enterprises or contracts.
"""
