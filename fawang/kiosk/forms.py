"""The kiosk's screens: one short question each (L9), big controls, plain words. Forms only parse; the rules are in
the services. Nothing typed here is offered back by the browser (`autocomplete="off"`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.cases.forms import intake_language_field
from fawang.core.errors import DomainError
from fawang.legal_aid.codes import MATTER_CHOICES
from fawang.notary.catalogue import MATTER_TYPES
from fawang.people.idcard import id_number_parse

OFF = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
# The article number at the end of a statutory label, in Chinese or in a translation ("(Art. 31(5))").
_ARTICLE = re.compile(r"（第[^（）]*）$|\s*\([^()]*\bArts?\.[^()]*(?:\([^()]*\)[^()]*)*\)$")


def _strip_article(label: str) -> str:
    return _ARTICLE.sub("", str(label))


# The statutory label without its article number: the kiosk speaks plainly (the 工单 keeps the code). Lazy, so a
# translated label is stripped in the language of the page (L8).
_plain = lazy(_strip_article, str)


class KioskForm(forms.Form):
    """A kiosk screen; `kiosk` is the device, for screens whose choices depend on where it stands."""

    def __init__(self, *args: Any, kiosk: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kiosk = kiosk


class AskForm(KioskForm):
    question = forms.CharField(
        label=_("请说说您遇到的问题"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={**OFF, "rows": 5, "placeholder": _("例如：老板拖欠工资三个月不给怎么办？")}
        ),
        error_messages={
            "required": _("请先写下您遇到的问题。"),
            "max_length": _("问题太长了，请控制在2000字以内。"),
        },
    )


class AidMatterForm(KioskForm):
    matter = forms.ChoiceField(
        label=_("您的事情属于哪一类"),
        choices=[(code, _plain(label)) for code, label in MATTER_CHOICES],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择一类。不确定的，选“其他民事、行政事项”。")},
    )


class AidFactsForm(KioskForm):
    facts = forms.CharField(
        label=_("简单说说事情经过"),
        max_length=5000,
        widget=forms.Textarea(attrs={**OFF, "rows": 6}),
        help_text=_("什么时候、对方是谁、您希望得到什么帮助。说不全没关系，工作人员会再问您。"),
        error_messages={"required": _("请简单说说事情经过。"), "max_length": _("请控制在5000字以内。")},
    )


class AidHardshipForm(KioskForm):
    hardship = forms.ChoiceField(
        label=_("您家里经济困难吗"),
        choices=[("yes", _("困难")), ("no", _("不困难")), ("unknown", _("不清楚"))],
        widget=forms.RadioSelect,
        help_text=_("经济困难的，可以免费请律师。工作人员会再核实，这里只是初步了解。"),
        error_messages={"required": _("请选择一项。")},
    )


class NotaryMatterForm(KioskForm):
    matter_code = forms.ChoiceField(
        label=_("您要办理哪种公证"),
        choices=[(m.code, m.label) for m in MATTER_TYPES],
        widget=forms.RadioSelect,
        help_text=_("在这里只能为自己申请。委托他人代办的，请到窗口办理。"),
        error_messages={"required": _("请选择一种公证。")},
    )


class NotaryPurposeForm(KioskForm):
    purpose = forms.CharField(
        label=_("公证书用来做什么"),
        max_length=200,
        widget=forms.TextInput(attrs=OFF),
        help_text=_("例如：到国外读书、办理房产过户。"),
        error_messages={"required": _("请写下公证书的用途。"), "max_length": _("请控制在200字以内。")},
    )


class NotaryDocumentsForm(KioskForm):
    documents = forms.CharField(
        label=_("需要公证的是什么文件或事实"),
        max_length=2000,
        widget=forms.Textarea(attrs={**OFF, "rows": 3}),
        help_text=_("例如：出生证明、房产证、委托书。"),
        error_messages={
            "required": _("请写下需要公证的文件或事实。"),
            "max_length": _("请控制在2000字以内。"),
        },
    )


class NotaryOfficeForm(KioskForm):
    office = forms.TypedChoiceField(
        label=_("到哪个公证处办理"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择一个公证处。"), "invalid_choice": _("请重新选择公证处。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fawang.kiosk.services import notary_offices_for

        super().__init__(*args, **kwargs)
        offices = notary_offices_for(kiosk=self.kiosk) if self.kiosk is not None else []
        field: forms.TypedChoiceField = self.fields["office"]  # type: ignore[assignment]  # declared above
        field.choices = [(o.pk, o.name) for o in offices]


class NameForm(KioskForm):
    name = forms.CharField(
        label=_("您的姓名"),
        max_length=50,
        widget=forms.TextInput(attrs=OFF),
        error_messages={"required": _("请填写您的姓名。"), "max_length": _("姓名请控制在50字以内。")},
    )


class OptionalNameForm(NameForm):
    """Anonymous consultation is allowed on this channel (M8): the name may be left blank."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].label = _("怎么称呼您（可不填）")


class IdNumberForm(KioskForm):
    id_number = forms.CharField(
        label=_("您的身份证号码"),
        max_length=18,
        widget=forms.TextInput(attrs={**OFF, "inputmode": "text"}),
        help_text=_("18位，最后一位可能是X。加密保存，只有办理您事项的工作人员可以查看。"),
        error_messages={"required": _("请填写身份证号码。")},
    )

    def clean_id_number(self) -> str:
        try:
            return id_number_parse(self.cleaned_data["id_number"]).value
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class PhoneForm(KioskForm):
    phone = forms.CharField(
        label=_("您的手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={**OFF, "type": "tel", "inputmode": "numeric"}),
        help_text=_("工作人员用它联系您；查询办理进度时要输入它的后四位。"),
        error_messages={"required": _("请填写手机号码。")},
    )

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if not re.fullmatch(r"\d{7,12}", phone):
            raise forms.ValidationError(gettext("请填写正确的电话号码（7到12位数字）。"))
        return phone


class LanguageForm(KioskForm):
    language = intake_language_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].label = _("您希望用哪种语言（方言）办理")
        self.fields["language"].help_text = _("工作人员将尽量用这种语言联系您。")


class ReviewForm(KioskForm):
    confirm = forms.BooleanField(
        label=_("我确认以上内容真实"),
        error_messages={"required": _("请先勾选“我确认以上内容真实”。")},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class TrackReferenceForm(KioskForm):
    reference = forms.CharField(
        label=_("请输入事项编号"),
        max_length=20,
        widget=forms.TextInput(attrs={**OFF, "autocapitalize": "characters"}),
        help_text=_("在回执或短信上，例如 FW20260101-00001。"),
        error_messages={"required": _("请输入事项编号。")},
    )


class TrackDigitsForm(KioskForm):
    digits = forms.CharField(
        label=_("请输入手机号码的后四位"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={**OFF, "inputmode": "numeric"}),
        error_messages={"required": _("请输入后四位数字。"), "min_length": _("请输入4位数字。")},
    )


class PairForm(forms.Form):
    code = forms.CharField(
        label=_("配对码"),
        max_length=12,
        widget=forms.TextInput(attrs={**OFF, "inputmode": "numeric"}),
        help_text=_("由工作人员在工作台“自助终端管理”中生成，8位数字，30分钟内有效。"),
        error_messages={"required": _("请输入配对码。")},
    )


class KioskRegisterForm(forms.Form):
    site = forms.TypedChoiceField(
        label=_("放置站点"), coerce=int, error_messages={"required": _("请选择站点。")}
    )
    name = forms.CharField(
        label=_("终端名称"),
        max_length=50,
        help_text=_("例如：大厅1号机。"),
        error_messages={"required": _("请填写终端名称。")},
    )

    def __init__(self, *args: Any, sites: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.TypedChoiceField = self.fields["site"]  # type: ignore[assignment]  # declared above
        field.choices = [("", gettext("请选择")), *((s.pk, f"{s.region.name} · {s.name}") for s in sites)]
