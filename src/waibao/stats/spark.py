"""A small local Spark session for statistics over Parquet snapshots.

A province or the whole country runs Spark on a cluster (``SPARK_MASTER`` names it); on one
machine Waibao keeps Spark small: one core, few shuffle partitions, no web UI.
"""

from __future__ import annotations

import os
from typing import Any

_SESSION: Any = None


def spark_session() -> Any:
    """The process's Spark session, created once."""
    global _SESSION
    if _SESSION is None:
        from pyspark.sql import SparkSession

        _SESSION = (
            SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[1]"))
            .appName("waibao-stats")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "1g")
            .config("spark.sql.ansi.enabled", "true")
            .getOrCreate()
        )
        _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION
