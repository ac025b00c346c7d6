"""The record form: the measure among those the user may record, the day, the region and
organisation by code, the description, an amount typed in yuan (kept in fen), a reference."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from waibao.measures import services
from waibao.measures.programmes import measures_of
from waibao.registry.models import Organisation, Region
from waibao.typed_numbers import TypedNumberError, typed_fen


class RecordForm(forms.Form):
    measure = forms.ChoiceField(label=_("政策措施"))
    recorded_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.CharField(
        label=_("区划代码"),
        max_length=6,
        required=False,
        help_text=_("留空则取机构所在区划或本辖区"),
    )
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    description = forms.CharField(label=_("工作内容"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.CharField(label=_("金额（元）"), max_length=24, required=False)
    attachment_ref = forms.CharField(label=_("文号或附件"), max_length=200, required=False)
    reason = forms.CharField(label=_("修改原因"), max_length=500, required=False)

    def __init__(self, *args: Any, jurisdictions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["measure"].choices = [
            (m.id, f"{m.citation} {m.title(language)}")
            for slug in jurisdictions
            for m in measures_of(slug)
        ]

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region", "").strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("没有这个区划代码"))
        return region

    def clean_uscc(self) -> Organisation | None:
        code = self.cleaned_data.get("uscc", "").strip().upper()
        if not code:
            return None
        organisation = Organisation.objects.filter(uscc=code).first()
        if organisation is None:
            raise forms.ValidationError(_("登记库中没有这个机构"))
        return organisation

    def clean_amount(self) -> int | None:
        text = self.cleaned_data.get("amount", "").strip()
        if not text:
            return None
        try:
            return typed_fen(text)
        except TypedNumberError as error:
            raise forms.ValidationError(str(error)) from None

    def entry(self) -> services.RecordInput:
        data = self.cleaned_data
        return services.RecordInput(
            measure=data["measure"],
            recorded_on=data["recorded_on"],
            description=data["description"],
            region=data["region"],
            organisation=data["uscc"],
            amount_fen=data["amount"],
            attachment_ref=data["attachment_ref"],
        )
