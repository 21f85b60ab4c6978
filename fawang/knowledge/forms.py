"""Forms of the knowledge pages: search filters, the consultation question, FAQ editing (J8), opinions (J7)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.accounts.models import User
from fawang.accounts.roles import STAFF_ROLES
from fawang.cases.forms import IntakeLanguageMixin, intake_language_field
from fawang.knowledge.category_labels import category_choices
from fawang.knowledge.search import search_levels

MAX_QUERY_CHARS = 1000


class SearchForm(forms.Form):
    q = forms.CharField(label=_("您的问题或关键词"), max_length=MAX_QUERY_CHARS, required=False, strip=True)
    level = forms.MultipleChoiceField(
        label=_("效力级别"), required=False, widget=forms.CheckboxSelectMultiple
    )
    all = forms.BooleanField(label=_("含历史版本和已废止法规"), required=False)
    instrument = forms.CharField(label=_("限定法律法规（名称）"), max_length=200, required=False, strip=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(level, _(level)) for level in search_levels()]  # type: ignore[attr-defined]  # MultipleChoiceField


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("请描述您遇到的问题"),
        max_length=2000,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("例如：同事借我钱不还怎么办？")}),
    )
    site = forms.IntegerField(label=_("您所在的地区"), required=False, widget=forms.HiddenInput)


class HumanRequestForm(IntakeLanguageMixin, forms.Form):
    """The one-click hand-off: the signed answer, plus (staff only) who is asking, and in which language (A12)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=200_000)
    site = forms.IntegerField(label=_("就近站点"), required=False)
    name = forms.CharField(label=_("咨询人姓名（代为提交时填写）"), max_length=50, required=False, strip=True)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False, strip=True)
    id_number = forms.CharField(
        label=_("身份证号码（须实名的渠道填写）"), max_length=18, required=False, strip=True
    )
    language = intake_language_field(cast(str, _("希望用哪种语言（方言）答复")))  # lazy, typed str there
    # X5: the service guide's path, carried from the guide's link; no length check here (a bad value must never
    # refuse the request), the service checks it and ignores anything it does not recognise.
    triage = forms.CharField(widget=forms.HiddenInput, required=False)


class FaqForm(forms.Form):
    question = forms.CharField(label=_("问题"), max_length=300)
    answer = forms.CharField(
        label=_("解答"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("引用法条请写明法律名称和条号，如《民法典》第一千零七十九条；保存时自动核查。"),
    )
    keywords = forms.CharField(label=_("检索关键词"), max_length=300, required=False)
    category = forms.ChoiceField(label=_("纠纷类别"), choices=category_choices)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.none())
    review_due = forms.DateField(label=_("复核日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_to = forms.DateField(
        label=_("失效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = (
            User.objects.filter(role_assignments__role__in=[r.value for r in STAFF_ROLES], is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]  # ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("失效日期不能早于生效日期。"))
        return data


class OpinionForm(forms.Form):
    """The text of a consultation opinion while in draft (J7); citations are checked on save."""

    question = forms.CharField(
        label=_("咨询问题"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    facts = forms.CharField(
        label=_("咨询人陈述的事实"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer = forms.CharField(
        label=_("答复意见"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("引用法条请写明法律名称和条号，如《民法典》第一千零七十九条；保存时自动核查。"),
    )
    advice = forms.CharField(
        label=_("建议"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpinionStepForm(forms.Form):
    reason = forms.CharField(label=_("退回理由 / 说明"), max_length=2000, required=False, strip=True)
    confirm_flagged = forms.BooleanField(label=_("已核对需复核的引用"), required=False)
