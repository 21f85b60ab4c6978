"""Forms for 普法 events (P3): the calendar entry and the attendance record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fawang.directory.models import Site
from fawang.education.models import Audience, VenueKind
from fawang.regions.models import Region

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _when(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=LOCAL_INPUT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请填写有效的日期和时间。")},
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=120)
    venue_kind = forms.ChoiceField(label=_("场所类型"), choices=VenueKind.choices)
    place = forms.CharField(label=_("活动地点"), max_length=200)
    region = forms.ModelChoiceField(label=_("所在区划"), queryset=Region.objects.none())
    site = forms.ModelChoiceField(
        label=_("公共法律服务场所（可不选）"), queryset=Site.objects.none(), required=False
    )
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    audience = forms.ChoiceField(label=_("面向人群"), choices=Audience.choices)
    organiser = forms.CharField(label=_("主办单位"), max_length=100)
    capacity = forms.IntegerField(label=_("可容纳人数（可不填）"), min_value=1, required=False)
    description = forms.CharField(
        label=_("活动内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, prefixes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.none()
        sites = Site.objects.none()
        for prefix in prefixes:
            regions = regions | Region.objects.filter(code__startswith=prefix, level__gte=3)
            sites = sites | Site.objects.filter(region__code__startswith=prefix)
        self.fields["region"].queryset = regions.order_by("code")  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["site"].queryset = sites.order_by("name")  # type: ignore[attr-defined]  # ModelChoiceField


class AttendanceForm(forms.Form):
    """One count per audience group (blank = 0), and an optional list: one attendee per line, "姓名 单位"."""

    attendees = forms.CharField(
        label=_("参加人名单（可不填；每行一人：姓名 空格 单位）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Audience.choices:
            self.fields[f"count_{value}"] = forms.IntegerField(
                label=gettext("%(audience)s（人）") % {"audience": label},
                min_value=0,
                required=False,
                error_messages={"min_value": gettext("人数不能为负数。"), "invalid": gettext("请填写整数。")},
            )

    def counts(self) -> dict[str, int]:
        return {
            value: int(self.cleaned_data.get(f"count_{value}") or 0)
            for value in Audience.values
            if self.cleaned_data.get(f"count_{value}")
        }

    def attendee_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in str(self.cleaned_data.get("attendees") or "").splitlines():
            parts = line.strip().split(maxsplit=1)
            if parts:
                rows.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return rows
