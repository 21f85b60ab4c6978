"""Console forms: parse the agent's input into the services' arguments (STYLE §8: thin callers)."""

from __future__ import annotations

import re
from datetime import time
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.cases.forms import IntakeLanguageMixin, intake_language_field
from fawang.cases.languages import DEFAULT_LANGUAGE, language_choices
from fawang.hotline.hours import END_OF_DAY, WEEKDAY_LABELS, Span, clock_label
from fawang.hotline.models import AgentState, AttemptOutcome, ContactType, OutOfHoursMode
from fawang.hotline.services.calls import WrapUp
from fawang.knowledge.engine import CATEGORIES
from fawang.people.models import GroupTag

OUTCOME_CHOICES = [
    ("answer", _("当场答复办结")),
    ("register", _("登记受理（按流程办理）")),
    ("dispatch", _("生成工单并转办（A4）")),
    ("callback", _("转回拨（A7）")),
    ("transfer", _("转接其他热线/坐席")),
]


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (AgentState.AVAILABLE, AgentState.BUSY, AgentState.BREAK)]
    )
    reason = forms.CharField(max_length=200, required=False)


class WrapUpForm(IntakeLanguageMixin, forms.Form):
    contact_type = forms.ChoiceField(
        label=_("来电类型（A3）"), choices=ContactType.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("事项摘要"), max_length=200)
    category = forms.ChoiceField(
        label=_("纠纷类别"), choices=[("", "—")] + [(c, c) for c in CATEGORIES], required=False
    )
    caller_name = forms.CharField(label=_("来电人姓名"), max_length=50, required=False)
    id_number = forms.CharField(label=_("身份证号码（可选）"), max_length=18, required=False)
    groups = forms.MultipleChoiceField(
        label=_("特殊群体"), choices=GroupTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region_code = forms.ChoiceField(label=_("所属辖区"), choices=[], required=False)
    # A12: prefilled from the IVR language menu; removed where the deployment offers only 普通话.
    language = intake_language_field(cast(str, _("来电语言（方言）")))
    urgent = forms.BooleanField(label=_("紧急（1小时内转办）"), required=False)
    outcome = forms.ChoiceField(label=_("处理方式"), choices=OUTCOME_CHOICES)
    answer = forms.CharField(
        label=_("答复内容 / 转办说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    site_id = forms.TypedChoiceField(
        label=_("承办站点"), choices=[], coerce=int, required=False, empty_value=None
    )
    institution_id = forms.TypedChoiceField(
        label=_("承办机构"), choices=[], coerce=int, required=False, empty_value=None
    )
    practitioner_id = forms.TypedChoiceField(
        label=_("承办人员"), choices=[], coerce=int, required=False, empty_value=None
    )
    callback_reason = forms.CharField(
        label=_("回拨事由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    callback_start = forms.DateTimeField(
        label=_("回拨时段开始（留空为现在）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    callback_end = forms.DateTimeField(
        label=_("最迟回拨时间（留空按1个工作日）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    transfer_to = forms.CharField(label=_("转接去向"), max_length=100, required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("region_code", "site_id", "institution_id", "practitioner_id"):
            self.fields[name].choices = [("", "—"), *choices[name]]  # type: ignore[attr-defined]  # ChoiceField

    def wrap_up(self) -> WrapUp:
        data = self.cleaned_data
        return WrapUp(
            contact_type=data["contact_type"],
            outcome=data["outcome"],
            title=data["title"],
            category=data.get("category") or "",
            caller_name=data.get("caller_name") or "",
            id_number=data.get("id_number") or "",
            groups=tuple(data.get("groups") or ()),
            region_code=data.get("region_code") or "",
            urgent=bool(data.get("urgent")),
            answer=data.get("answer") or "",
            site_id=data.get("site_id"),
            institution_id=data.get("institution_id"),
            practitioner_id=data.get("practitioner_id"),
            callback_reason=data.get("callback_reason") or "",
            callback_start=data.get("callback_start"),
            callback_end=data.get("callback_end"),
            transfer_to=data.get("transfer_to") or "",
            language=data.get("language") or "",
        )


class SeatLanguagesForm(forms.Form):
    """A12: the languages and dialects an agent takes calls in besides 普通话."""

    languages = forms.MultipleChoiceField(
        label=_("除普通话外可受理的语言（方言）"),
        choices=lambda: [c for c in language_choices() if c[0] != DEFAULT_LANGUAGE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CentreLanguagesForm(forms.Form):
    """A12: the centre's IVR language menu, one key per offered language ("" leaves a language off the menu)."""

    menu = forms.CharField(
        label=_("语言菜单名（呼叫中心 ivr_choice 事件的 menu）"), max_length=50, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in language_choices():
            self.fields[f"key_{code}"] = forms.CharField(
                label=gettext("%(language)s（%(code)s）按键") % {"language": label, "code": code},
                max_length=4,
                required=False,
            )

    @staticmethod
    def initial_for(menu: str, keys: dict[str, str]) -> dict[str, str]:
        return {"menu": menu, **{f"key_{code}": key for key, code in keys.items()}}

    def keys(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            str(data[f"key_{code}"]).strip(): code
            for code, _ in language_choices()
            if str(data.get(f"key_{code}") or "").strip()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pressed = [str(data.get(f"key_{c}") or "").strip() for c, _ in language_choices()]
        pressed = [k for k in pressed if k]
        if len(pressed) != len(set(pressed)):
            raise forms.ValidationError(gettext("同一个按键不能对应两种语言。"))
        return data


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(label=_("回拨结果"), choices=AttemptOutcome.choices)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_window_start = forms.DateTimeField(
        label=_("下次回拨时间（可选）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000)


class EscalateForm(forms.Form):
    reference = forms.CharField(label=_("工单编号"), max_length=20)
    explanation = forms.CharField(
        label=_("来电人的意见和给出的解释（A6）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    site_id = forms.IntegerField(required=False)
    institution_id = forms.IntegerField(required=False)


SPANS_PER_DAY = 2  # e.g. a morning and an afternoon shift
_CLOCK = re.compile(r"^(\d{1,2})[:：](\d{2})$")


def parse_clock(raw: str, *, allow_midnight_end: bool = False) -> time:
    """ "08:30" → 08:30; "24:00" → the end of the day (END_OF_DAY) where a closing time is read."""
    match = _CLOCK.match(raw.strip())
    if match is None:
        raise forms.ValidationError(
            gettext("“%(raw)s”不是有效的时间，请写成 08:30 这样的格式。") % {"raw": raw}
        )
    hour, minute = int(match[1]), int(match[2])
    if allow_midnight_end and (hour, minute) == (24, 0):
        return END_OF_DAY
    if hour > 23 or minute > 59:
        message = (
            gettext("“%(raw)s”不是有效的时间（00:00 至 23:59，或 24:00）。")
            if allow_midnight_end
            else gettext("“%(raw)s”不是有效的时间（00:00 至 23:59）。")
        )
        raise forms.ValidationError(message % {"raw": raw})
    return time(hour, minute)


class HoursForm(forms.Form):
    """Staffed hours per weekday, up to two spans a day, and the out-of-hours answer (B2, B5)."""

    always_open = forms.BooleanField(label=_("7×24小时人工服务（不设时间表）"), required=False)
    out_of_hours_mode = forms.ChoiceField(label=_("非人工服务时间应答方式"), choices=OutOfHoursMode.choices)
    out_of_hours_prompt = forms.CharField(
        label=_("自动应答提示语"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("自动应答提示语不能超过 300 个字。")},
    )
    note = forms.CharField(
        label=_("变更说明（对外公告内容或依据）"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写变更说明（对外公布的服务时间变更须事先告知，B2）。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for weekday in range(7):
            for n in range(1, SPANS_PER_DAY + 1):
                for end in ("opens", "closes"):
                    self.fields[f"d{weekday}_{end}{n}"] = forms.CharField(
                        required=False,
                        max_length=5,
                        widget=forms.TextInput(attrs={"size": 5, "placeholder": "--:--"}),
                    )

    @staticmethod
    def initial_for(spans: list[Span]) -> dict[str, str]:
        initial: dict[str, str] = {}
        taken: dict[int, int] = {}
        for span in spans:
            n = taken.get(span.weekday, 0) + 1
            taken[span.weekday] = n
            if n <= SPANS_PER_DAY:
                initial[f"d{span.weekday}_opens{n}"] = f"{span.opens:%H:%M}"
                initial[f"d{span.weekday}_closes{n}"] = clock_label(span.closes)
        return initial

    def rows(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [
            (
                str(WEEKDAY_LABELS[weekday]),
                [
                    (self[f"d{weekday}_opens{n}"], self[f"d{weekday}_closes{n}"])
                    for n in range(1, SPANS_PER_DAY + 1)
                ],
            )
            for weekday in range(7)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spans: list[Span] = []
        errors: list[str] = []
        for weekday in range(7):
            for n in range(1, SPANS_PER_DAY + 1):
                opens_raw = (data.get(f"d{weekday}_opens{n}") or "").strip()
                closes_raw = (data.get(f"d{weekday}_closes{n}") or "").strip()
                if not opens_raw and not closes_raw:
                    continue
                label = gettext("%(weekday)s第%(n)s段") % {"weekday": WEEKDAY_LABELS[weekday], "n": n}
                if not opens_raw or not closes_raw:
                    errors.append(gettext("%(span)s：请同时填写开始和结束时间。") % {"span": label})
                    continue
                try:
                    spans.append(
                        Span(
                            weekday, parse_clock(opens_raw), parse_clock(closes_raw, allow_midnight_end=True)
                        )
                    )
                except forms.ValidationError as exc:
                    errors.append(
                        gettext("%(span)s：%(problem)s") % {"span": label, "problem": " ".join(exc.messages)}
                    )
        if data.get("always_open"):
            spans = []
        elif not spans and not errors:
            errors.append(gettext("请至少填写一段人工服务时间，或勾选“7×24小时人工服务”。"))
        for message in errors:
            self.add_error(None, message)
        data["spans"] = spans
        return data


def _capacity_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("每时段可预约数"),
        min_value=0,
        max_value=500,
        error_messages={
            "required": _("请填写可预约数。"),
            "invalid": _("可预约数须是整数。"),
            "min_value": _("可预约数不能小于 0。"),
            "max_value": _("可预约数不能超过 500。"),
        },
    )


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        error_messages={"required": _("缺少时段。"), "invalid": _("时段格式不正确。")}
    )
    capacity = _capacity_field()


class SlotRangeForm(forms.Form):
    first_day = forms.DateField(
        label=_("起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请选择起始日期。"), "invalid": _("日期格式不正确。")},
    )
    days = forms.IntegerField(
        label=_("连续天数"),
        initial=7,
        min_value=1,
        max_value=31,
        error_messages={
            "required": _("请填写天数。"),
            "invalid": _("天数须是整数。"),
            "min_value": _("天数应在 1 到 31 之间。"),
            "max_value": _("天数应在 1 到 31 之间。"),
        },
    )
    opens = forms.CharField(
        label=_("从"), max_length=5, initial="08:00", error_messages={"required": _("请填写开始时间。")}
    )
    closes = forms.CharField(
        label=_("到"), max_length=5, initial="20:00", error_messages={"required": _("请填写结束时间。")}
    )
    capacity = _capacity_field()

    def clean_opens(self) -> time:
        return parse_clock(self.cleaned_data["opens"])

    def clean_closes(self) -> time:
        return parse_clock(self.cleaned_data["closes"], allow_midnight_end=True)
