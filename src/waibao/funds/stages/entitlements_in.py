"""Before the applications: the rules engine's entitlement rows (FACTS.md shape) stored as
``FundEntitlement`` snapshots, all or nothing, so an application rests on a fixed amount."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from waibao.funds.errors import InvalidEntitlements
from waibao.funds.models import Application, FundEntitlement
from waibao.funds.stages import common
from waibao.funds.stages.common import fen_text
from waibao.money import MoneyError, parse_fen
from waibao.registry.models import Organisation


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int
    replaced: int


ENTITLEMENT_FIELDS = ("uscc", "year", "clause", "kind", "amount_cny", "discretionary", "citation")


def _parse_entitlement(row: Mapping[str, Any], where: str, errors: list[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    missing = [name for name in ENTITLEMENT_FIELDS if name not in row]
    if missing:
        errors.extend(f"{where}, field {name}: missing" for name in missing)
        return parsed
    for name in ("amount_cny", "min_cny"):
        value = row.get(name)
        if value is None:
            parsed[name] = None
            continue
        try:
            parsed[name] = parse_fen(value)
        except MoneyError as error:
            errors.append(f"{where}, field {name}: {error}")
    if not isinstance(row["year"], int) or isinstance(row["year"], bool):
        errors.append(f"{where}, field year: {row['year']!r} is not a year")
    if not isinstance(row["discretionary"], bool):
        errors.append(f"{where}, field discretionary: must be true or false")
    if not str(row["citation"]).strip():
        errors.append(f"{where}, field citation: every entitlement must cite its clause")
    if row.get("applies") is False:
        errors.append(f"{where}: a row with applies: false is not an entitlement")
    return parsed


def entitlement_import(*, rows: Iterable[Mapping[str, Any]], actor: Any = None) -> ImportResult:
    """Store entitlement rows (FACTS.md shape) as ``FundEntitlement`` snapshots, all or
    nothing. A row already stored with the same values is unchanged; with other values it
    replaces the old one unless an application already rests on it (then it is an error)."""
    rows = list(rows)
    errors: list[str] = []
    parsed_rows = []
    usccs = {str(row.get("uscc", "")) for row in rows}
    organisations = {o.uscc: o for o in Organisation.objects.filter(uscc__in=usccs)}
    for index, row in enumerate(rows, start=1):
        where = f"entitlement row {index}"
        parsed = _parse_entitlement(row, where, errors)
        if str(row.get("uscc", "")) not in organisations:
            errors.append(f"{where}, field uscc: no organisation {row.get('uscc')!r} registered")
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
            key = {"uscc": str(row["uscc"]), "year": row["year"], "clause": str(row["clause"])}
            existing = FundEntitlement.objects.select_for_update().filter(**key).first()
            if existing is None:
                entitlement = FundEntitlement.objects.create(**key, **values)
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
                unchanged += 1
                continue
            if Application.objects.filter(entitlement=existing).exists():
                errors.append(
                    f"entitlement row {index}: {key['uscc']} {key['year']} {key['clause']} "
                    "changed, but an application already rests on the stored one"
                )
                continue
            before = _entitlement_payload(existing)
            for name, value in values.items():
                setattr(existing, name, value)
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
