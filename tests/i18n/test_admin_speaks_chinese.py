"""Issue 21: the admin site (管理后台) in Chinese for the system administrator, as the walker
of ``test_pages_speak_chinese`` reads the portal: the index, every registered model's
changelist, its add form and the change form of one of its objects, with no run of two
English words (Django's own words come from its zh_Hans catalogue; the models' names, field
labels and help texts are Chinese msgids)."""

from __future__ import annotations

import pytest
from test_pages_speak_chinese import _findings, _published_extras, _report, _signed_in

# English on the admin's Chinese pages by design, each with why.
ALLOWED_PHRASES = {
    # a value of the shipped rate table (waibao/data/exchange_rates.csv), shown as recorded:
    # its source note says how a cross rate was derived
    "yearly average x market cross rate": "the rate table's source note, data as shipped",
}


def _admin_urls() -> list[str]:
    from django.contrib import admin
    from django.urls import reverse

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        urls.append(reverse(f"{base}_add"))
        found = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if found is not None:
            urls.append(reverse(f"{base}_change", args=[found]))
    urls.extend(sorted({url.rsplit("/", 3)[0] + "/" for url in urls if url.count("/") > 3}))
    return urls


@pytest.mark.django_db
def test_the_admin_site_speaks_chinese_to_the_system_administrator(client, funds_world):
    _published_extras(funds_world)
    _signed_in(client, funds_world.users["system_admin"])
    findings: list[str] = []
    opened = 0
    for url in _admin_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200:
            continue
        opened += 1
        findings.extend(
            f"{url}: {phrase}"
            for phrase in _findings(response.content.decode())
            if phrase not in ALLOWED_PHRASES
        )
    assert opened > 10
    assert not findings, _report(findings)


@pytest.mark.django_db
def test_permissions_are_named_by_model_and_action_in_the_reader_s_language(world):
    from django.contrib.auth.models import Permission
    from django.utils import translation

    from waibao.accounts.admin import permission_label

    add_contract = Permission.objects.get(codename="add_contract")
    assert add_contract.name == "Can add 接包合同"  # as Django stored it
    assert permission_label(add_contract).endswith(" | 添加接包合同")
    with translation.override("en"):
        assert permission_label(add_contract).endswith(" | Can add Outsourcing contracts")
