"""Facts about organisations, one record per organisation and year (FACTS.md).

``read_facts`` reads and validates a JSON array or JSON Lines file as columns, straight into
the Polars frame the rules engine evaluates (``waibao.facts.columns``), and a Parquet file of
the same columns the same way (``waibao.facts.parquet``); ``load_facts`` / ``loads_facts``
read and validate record by record, ``to_frame`` turns validated records into that frame, and
``waibao.facts.from_db`` builds the same records from Waibao's own database.
"""

from waibao.facts.frame import frame_schema, to_frame
from waibao.facts.io import dump_record, load_facts, loads_facts, parse_json_text, validate_records
from waibao.facts.reading import read_facts
from waibao.facts.schema import FactsError

__all__ = [
    "FactsError",
    "dump_record",
    "frame_schema",
    "load_facts",
    "loads_facts",
    "parse_json_text",
    "read_facts",
    "to_frame",
    "validate_records",
]
