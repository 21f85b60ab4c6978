"""The registry form for legal-culture sites (P4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.education.models import CultureSiteKind
from fawang.regions.models import Region


class CultureSiteForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=CultureSiteKind.choices)
    region = forms.ModelChoiceField(label=_("所在区划"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200)
    opening_hours = forms.CharField(label=_("开放时间"), max_length=200, initial=_("全天开放"))
    description = forms.CharField(label=_("简介（可不填）"), max_length=300, required=False)
    latitude = forms.DecimalField(label=_("纬度（可不填）"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("经度（可不填）"), max_digits=9, decimal_places=6, required=False)
    photo = forms.FileField(label=_("照片（可不传，JPG 或 PNG）"), required=False)

    def __init__(self, *args: Any, prefixes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.none()
        for prefix in prefixes:
            regions = regions | Region.objects.filter(code__startswith=prefix, level__gte=3)
        self.fields["region"].queryset = regions.order_by("code")  # type: ignore[attr-defined]  # ModelChoiceField


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=200)
