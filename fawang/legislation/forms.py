"""Forms parse input only (types, choices); the rules (period floors, lengths, identity) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.legislation.models import (
    CollectionMethod,
    ContactPoint,
    DraftKind,
    Handling,
    IdentityMode,
    InvitationMethod,
    RepresentativeKind,
)
from fawang.regions.models import Region


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by security.uploads in the service (M15)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class DraftForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("制定机关所在地"), queryset=Region.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("类别"), choices=DraftKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    drafting_body = forms.CharField(label=_("起草单位"), max_length=100)
    explanation = forms.CharField(label=_("起草说明"), widget=forms.Textarea(attrs={"rows": 6}))
    full_text = forms.CharField(
        label=_("征求意见稿全文（每条以“第X条”开头另起一行）"), widget=forms.Textarea(attrs={"rows": 14})
    )
    opens_on = forms.DateField(label=_("征求意见开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("征求意见截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    identity_mode = forms.ChoiceField(label=_("意见人身份"), choices=IdentityMode.choices)
    concerns_accessibility = forms.BooleanField(
        label=_("涉及无障碍环境建设（须邀请残联、老龄组织代表）"), required=False
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]  # ModelChoiceField


class CommentForm(forms.Form):
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(label=_("您的意见"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("匿名提交（不留姓名和联系方式）"), required=False)
    name = forms.CharField(label=_("姓名"), required=False)
    id_number = forms.CharField(label=_("身份证号码（可不填）"), required=False)
    attachments = MultipleFileField(label=_("附件（可不传；PDF、Word 或图片，最多5个）"))


class OfflineCommentForm(forms.Form):
    contact_point = forms.ModelChoiceField(
        label=pgettext_lazy("comment source", "基层立法联系点"),
        queryset=ContactPoint.objects.none(),
        empty_label=None,
    )
    collected_on = forms.DateField(label=_("收集日期"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("收集方式"), choices=CollectionMethod.choices)
    article = forms.IntegerField(label=_("针对条文"), required=False, widget=forms.Select)
    body = forms.CharField(label=_("意见内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label=_("意见人姓名（可不填）"), required=False)
    phone = forms.CharField(label=_("联系电话（可不填）"), required=False)
    attachments = MultipleFileField(label=_("附件（书面意见的扫描件等）"))

    def __init__(self, *args: Any, contact_points: Any, articles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = contact_points  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["article"].widget.choices = [
            ("", _("针对草案整体")),
            *[(a.pk, a.label) for a in articles],
        ]


class HandleForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("处理结果"), choices=[c for c in Handling.choices if c[0] != Handling.PENDING]
    )
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SummaryForm(forms.Form):
    summary_text = forms.CharField(
        label=_("主要意见及采纳情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class HearingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("举行时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("地点"), required=False)
    subject = forms.CharField(label=_("听证事项"), required=False)


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(label=_("代表类别"), choices=RepresentativeKind.choices)
    organisation = forms.CharField(label=_("受邀组织"), required=False)
    invited_on = forms.DateField(label=_("邀请日期"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("邀请方式"), choices=InvitationMethod.choices)
    note = forms.CharField(label=_("说明"), required=False)


class ContactPointForm(forms.Form):
    region = forms.ModelChoiceField(label=_("所在地"), queryset=Region.objects.none(), empty_label=None)
    name = forms.CharField(label=_("名称"), required=False)
    host = forms.CharField(label=_("依托单位"), required=False)
    address = forms.CharField(label=_("地址"), required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]  # ModelChoiceField
