"""The demo's logins table is bilingual by its layout (企业用户 enterprise, 角色 role): the
role's Chinese name stands beside its id whatever language the command line speaks (the CLI
speaks English under LANG=C, and then printed "Enterprise user enterprise")."""

from __future__ import annotations

import pytest
from django.utils import translation

from waibao.demo.logins import LOGIN_SPECS, _login, logins_table


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_role_is_named_in_chinese_beside_its_id(language):
    with translation.override(language):
        logins = [_login(spec, None) for spec in LOGIN_SPECS]
        table = logins_table(logins)
    assert "企业用户 enterprise" in table
    assert "市级管理员 city_admin" in table
    assert "Enterprise user" not in table and "Municipal administrator" not in table
