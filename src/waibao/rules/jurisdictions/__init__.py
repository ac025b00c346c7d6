"""The five jurisdictions: each folder holds ``params.yaml`` (document, dated cited parameters,
clauses), ``text.txt`` (the seed text, verbatim) and ``clauses.py`` (the formulas)."""

from waibao.rules.jurisdictions.datong import clauses as _datong
from waibao.rules.jurisdictions.guangdong import clauses as _guangdong
from waibao.rules.jurisdictions.guangzhou import clauses as _guangzhou
from waibao.rules.jurisdictions.hangzhou import clauses as _hangzhou
from waibao.rules.jurisdictions.wenzhou import clauses as _wenzhou

__all__ = ["_datong", "_guangdong", "_guangzhou", "_hangzhou", "_wenzhou"]
