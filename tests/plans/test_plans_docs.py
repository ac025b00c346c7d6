"""Every plans endpoint, CLI action and setting is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from waibao.cli import build_parser
from waibao.plans.conf import PlanSettings

DOC = (Path(__file__).parents[2] / "docs" / "plans.md").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_every_plans_endpoint_has_a_summary_and_is_named_in_the_docs(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    plans = {p: ops for p, ops in paths.items() if p.startswith("/api/plans/")}
    assert len(plans) >= 10
    for path, operations in plans.items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path}"
        short = path.removeprefix("/api/plans/").replace("{decision_id}", "{id}")
        assert short.split("/")[0] in DOC, path


def test_every_cli_action_and_setting_is_documented():
    parser = build_parser()
    plans = parser._subparsers._group_actions[0].choices["plans"]
    actions = plans._subparsers._group_actions[0].choices
    assert set(actions) == {"load", "supervise", "cadence", "export"}
    for action in actions:
        assert f"waibao plans {action}" in DOC or f"`{action}`" in DOC, action
    for field in dataclasses.fields(PlanSettings):
        assert field.name in DOC, field.name
