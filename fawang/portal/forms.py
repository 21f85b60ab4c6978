from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fawang.accounts.forms import LockoutAuthenticationForm
from fawang.cases.forms import IntakeLanguageMixin, intake_language_field
from fawang.cases.states import ServiceType
from fawang.directory.models import AccessibleService
from fawang.hotline.services.online_booking import MAX_REASON

COMPLAINT_KINDS = [(ServiceType.COMPLAINT.value, _("投诉")), (ServiceType.SUGGESTION.value, _("建议"))]


class CitizenLoginForm(LockoutAuthenticationForm):
    """The staff sign-in form with its lockout (M5), worded for citizens, who sign in with their number."""

    error_messages = {  # noqa: RUF012  # Django's class attribute, overridden per form
        **LockoutAuthenticationForm.error_messages,
        "invalid_login": _("手机号或密码不正确，请重试。"),
    }


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20)


class RegisterForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20)
    code = forms.CharField(label=_("短信验证码"), max_length=6)
    name = forms.CharField(label=_("姓名"), max_length=50)
    password = forms.CharField(label=_("设置密码"), widget=forms.PasswordInput, max_length=128)
    consent = forms.BooleanField(label=_("我已阅读并同意《个人信息保护告知书》"), required=False)


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("姓名（与身份证一致）"), max_length=50)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("留言"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ApplicantRequestForm(forms.Form):
    """An objection (C11) or a recusal request (C21) from the legal-aid applicant's case page."""

    text = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("请写明理由。"), "max_length": _("理由请控制在2000字以内。")},
    )


class CallbackBookingForm(forms.Form):
    """A 12348 callback slot booked on the web (X2); the choices are the slots with room, set by the view."""

    slot = forms.ChoiceField(
        label=_("回拨时段"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择一个回拨时段。"),
            "invalid_choice": _("该时段已不可预约，请另选。"),
        },
    )
    reason = forms.CharField(
        label=_("想咨询的问题"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REASON,
        error_messages={
            "required": _("请简要说明想咨询的问题。"),
            "max_length": format_lazy(_("问题说明请不超过{n}字。"), n=MAX_REASON),
        },
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]  # a ChoiceField


class ComplaintForm(IntakeLanguageMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=COMPLAINT_KINDS)
    about_reference = forms.CharField(label=_("涉及的事项编号（可不填）"), max_length=20, required=False)
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("具体内容"), widget=forms.Textarea, max_length=5000)
    language = intake_language_field(_("您希望用哪种语言（方言）办理"))  # type: ignore[arg-type]  # A12; a lazy label (L8)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)
    # X5: the service guide's path; no length check (a bad value must never refuse the complaint), the service
    # checks it and ignores anything it does not recognise.
    triage = forms.CharField(widget=forms.HiddenInput, required=False)


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=50, required=False)
    township = forms.CharField(label=_("乡镇（街道）"), max_length=12, required=False)
    service = forms.ChoiceField(
        label=_("服务"), required=False, choices=[("", _("全部")), *ServiceType.choices]
    )
    specialty = forms.CharField(label=_("擅长领域"), max_length=20, required=False)
    accessible_service = forms.ChoiceField(
        label=_("无障碍服务"), required=False, choices=[("", _("不限")), *AccessibleService.choices]
    )  # L6


class AppointmentForm(forms.Form):
    preferred_at = forms.DateTimeField(
        label=_("希望时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    mode = forms.ChoiceField(
        label=_("方式"),
        choices=[("in_person", _("到所面谈")), ("video", _("视频咨询")), ("phone", _("电话咨询"))],
    )
    topic = forms.CharField(label=_("咨询事项"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    intends_to_engage = forms.BooleanField(label=_("如有需要，我有委托律师代理的意向"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)
