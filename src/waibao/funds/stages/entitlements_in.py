"""Before the applications: the rules engine's entitlement rows (FACTS.md shape) stored as
``FundEntitlement`` snapshots, all or nothing, so an application rests on a fixed amount.

Every problem names its row and column (``entitlement row 2, field amount_cny: …``) in the
active language: Chinese msgids, English in scripts/translations_en.py, like the funds'
other refusals (issue 21), so a Chinese session reads them in Chinese; the column names are
the file's own and stay as written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waibao.bounds import MAX_AMOUNT_TEXT
from waibao.funds.errors import InvalidEntitlements
from waibao.funds.models import Application, FundEntitlement
from waibao.funds.stages import common
from waibao.funds.stages.common import fen_text
from waibao.money import AmountOverBound, MoneyError, parse_fen
from waibao.registry.models import Organisation


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int
    replaced: int


ENTITLEMENT_FIELDS = ("uscc", "year", "clause", "kind", "amount_cny", "discretionary", "citation")


def _where(index: int, name: str | None = None) -> str:
    """``entitlement row 2, field year`` / ``政策兑现资格第 2 行，字段 year``: the row and the
    FACTS.md column, named in the active language (the column names are the file's own)."""
    if name is None:
        return _("政策兑现资格第 %(row)d 行") % {"row": index}
    return _("政策兑现资格第 %(row)d 行，字段 %(field)s") % {"row": index, "field": name}


def _problem(index: int, name: str | None, reason: str) -> str:
    return _("%(where)s：%(reason)s") % {"where": _where(index, name), "reason": reason}


def _amount_problem(text: Any, error: MoneyError) -> str:
    if isinstance(error, AmountOverBound):
        return _("金额超过上限 %(most)s") % {"most": MAX_AMOUNT_TEXT}
    return _("“%(value)s”不是金额，请填写如 1234.50 的数") % {"value": text}


def _parse_entitlement(row: Mapping[str, Any], index: int, errors: list[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    missing = [name for name in ENTITLEMENT_FIELDS if name not in row]
    if missing:
        errors.extend(_problem(index, name, _("缺少此字段")) for name in missing)
        return parsed
    for name in ("amount_cny", "min_cny"):
        value = row.get(name)
        if value is None:
            parsed[name] = None
            continue
        try:
            parsed[name] = parse_fen(value)
        except MoneyError as error:
            errors.append(_problem(index, name, _amount_problem(value, error)))
    if not isinstance(row["year"], int) or isinstance(row["year"], bool):
        errors.append(_problem(index, "year", _("“%(value)s”不是年份") % {"value": row["year"]}))
    if not isinstance(row["discretionary"], bool):
        errors.append(_problem(index, "discretionary", _("须为 true 或 false")))
    if not str(row["citation"]).strip():
        errors.append(_problem(index, "citation", _("每项政策兑现资格都须注明所依据的条款")))
    if row.get("applies") is False:
        errors.append(_problem(index, None, _("applies 为 false 的行不是政策兑现资格")))
    return parsed


def entitlement_import(*, rows: Iterable[Mapping[str, Any]], actor: Any = None) -> ImportResult:
    """Store entitlement rows (FACTS.md shape) as ``FundEntitlement`` snapshots, all or
    nothing. A row already stored with the same values is unchanged; with other values it
    replaces the old one unless an application already rests on it (then it is an error).

    A row may carry ``explanation_en`` beside ``explanation``: the engine's English of the same
    computation (``waibao.funds.entitlements`` asks for both). It is kept for English pages and
    is not one of the values compared: given for a row stored without it, it is filled in and
    the row counts as unchanged."""
    rows = list(rows)
    errors: list[str] = []
    parsed_rows = []
    usccs = {str(row.get("uscc", "")) for row in rows}
    organisations = {o.uscc: o for o in Organisation.objects.filter(uscc__in=usccs)}
    for index, row in enumerate(rows, start=1):
        parsed = _parse_entitlement(row, index, errors)
        if str(row.get("uscc", "")) not in organisations:
            errors.append(
                _problem(
                    index,
                    "uscc",
                    _("没有登记统一社会信用代码为 %(uscc)s 的单位") % {"uscc": row.get("uscc")},
                )
            )
        parsed_rows.append((row, parsed))
    if errors:
        raise InvalidEntitlements(errors)
    added = unchanged = replaced = 0
    with transaction.atomic():
        for index, (row, parsed) in enumerate(parsed_rows, start=1):
            values = {
                "organisation": organisations[str(row["uscc"])],
                "kind": str(row["kind"]),
                "amount_fen": parsed["amount_cny"],
                "min_fen": parsed["min_cny"],
                "discretionary": bool(row["discretionary"]),
                "citation": str(row["citation"]),
                "explanation": str(row.get("explanation") or ""),
            }
            english = str(row.get("explanation_en") or "")
            key = {"uscc": str(row["uscc"]), "year": row["year"], "clause": str(row["clause"])}
            existing = FundEntitlement.objects.select_for_update().filter(**key).first()
            if existing is None:
                entitlement = FundEntitlement.objects.create(
                    **key, **values, explanation_en=english
                )
                common.audit(
                    actor,
                    "entitlement.import",
                    entitlement,
                    to_state="imported",
                    **_entitlement_payload(entitlement),
                )
                added += 1
                continue
            if all(getattr(existing, name) == value for name, value in values.items()):
                # the same entitlement; an English explanation of it, newly given, is filled
                # in (a translation of what is stored, not a change an application rests on)
                if english and existing.explanation_en != english:
                    existing.explanation_en = english
                    existing.save(update_fields=["explanation_en"])
                unchanged += 1
                continue
            if Application.objects.filter(entitlement=existing).exists():
                errors.append(
                    _problem(
                        index,
                        None,
                        _("%(uscc)s %(year)s %(clause)s 已有变化，但已有申请以原资格为依据")
                        % {"uscc": key["uscc"], "year": key["year"], "clause": key["clause"]},
                    )
                )
                continue
            before = _entitlement_payload(existing)
            for name, value in values.items():
                setattr(existing, name, value)
            existing.explanation_en = english  # the old English explained the old values
            existing.save()
            common.audit(
                actor,
                "entitlement.replace",
                existing,
                before=before,
                after=_entitlement_payload(existing),
            )
            replaced += 1
        if errors:
            raise InvalidEntitlements(errors)
    return ImportResult(added=added, unchanged=unchanged, replaced=replaced)


def _entitlement_payload(entitlement: FundEntitlement) -> dict[str, Any]:
    return {
        "uscc": entitlement.uscc,
        "year": entitlement.year,
        "clause": entitlement.clause,
        "kind": entitlement.kind,
        "amount_cny": fen_text(entitlement.amount_fen),
        "min_cny": fen_text(entitlement.min_fen),
        "discretionary": entitlement.discretionary,
        "citation": entitlement.citation,
    }
