"""Page forms. Validation of meaning stays in the services; these only parse fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waibao.talent.models import PoolEntry


class CourseForm(forms.Form):
    code = forms.CharField(label=_("课程编号"), max_length=32)
    name = forms.CharField(label=_("课程名称"), max_length=200)
    qianbaishi = forms.BooleanField(label=_("千百十工程认定"), required=False)
    customised = forms.BooleanField(label=_("人才定制培训"), required=False)
    fee_cny = forms.CharField(label=_("标准培训费(元)"), required=False)


class RosterForm(forms.Form):
    file = forms.FileField(label=_("学员名册(CSV 或 XLSX)"))


class PoolSearchForm(forms.Form):
    skill = forms.CharField(label=_("技能"), required=False)
    language = forms.CharField(label=_("语言"), required=False)
    certification = forms.CharField(label=_("证书"), required=False)
    region_prefix = forms.CharField(label=_("区划代码前缀"), required=False, max_length=6)


class RegisterForm(forms.Form):
    id_number = forms.CharField(label=_("居民身份证号"), max_length=18)
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class ConsentForm(forms.Form):
    skills = forms.CharField(label=_("技能(逗号分隔)"), required=False)
    languages = forms.CharField(label=_("语言(逗号分隔)"), required=False)
    certifications = forms.CharField(label=_("证书(逗号分隔)"), required=False)
    availability = forms.ChoiceField(label=_("求职状态"), choices=PoolEntry.Availability.choices)
    region_code = forms.CharField(label=_("期望工作区划代码"), required=False, max_length=6)
    agree = forms.BooleanField(label=_("我已阅读并同意上述告知书"), required=True)

    def lists(self) -> dict[str, list[str]]:
        return {
            key: _split(self.cleaned_data[key]) for key in ("skills", "languages", "certifications")
        }
