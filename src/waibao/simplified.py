"""The seed texts' quotations shown in Simplified characters (issue 21 item 5; decision
0033). A seed text may have been published on the web in Traditional characters (營業總收入…),
and its clauses quote it as published; a reader of the Simplified pages sees the quotation in the
characters they read, through OpenCC's ``t2s`` conversion (the kept converter, not a
hand-written table).

Only what is shown is converted: the stored source (``policies/*/text.txt``), the clauses'
``text`` and ``source_phrase``, the rules engine's output and the API keep the text as
published, so a quotation can still be checked against its source character by character.
Converting Simplified text changes nothing, so a caller need not know which texts are
Traditional.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _convert(text: str) -> str:
    return str(_converter().convert(text))


def simplified(text: Any) -> Any:
    """``text`` in Simplified characters (``營業總收入`` → ``营业总收入``); anything that is
    not a non-empty string (``None``, a number) is returned as it is."""
    if not isinstance(text, str) or not text:
        return text
    return _convert(str(text))
