"""Forms for courses (P2): authoring (editors), the quiz (learners) and study groups (organisers, members)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.education.models import Audience, GroupKind, QuestionKind, QuizQuestion

_NUMBERS = re.compile(r"[\s,，、]+")


def numbers(raw: str, label: str) -> list[int]:
    parts = [p for p in _NUMBERS.split(raw.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise forms.ValidationError(gettext("%(label)s请填写数字，用逗号分隔。") % {"label": label})
    return [int(p) for p in parts]


class CourseForm(forms.Form):
    title = forms.CharField(label=_("课程名称"), max_length=120)
    summary = forms.CharField(label=_("课程简介"), max_length=300)
    audience = forms.ChoiceField(label=_("适用人群"), choices=Audience.choices)
    pass_mark = forms.IntegerField(label=_("测验及格分（百分制）"), min_value=1, max_value=100, initial=60)
    lessons = forms.CharField(label=_("课程内容：已发布文章的编号，按学习顺序用逗号分隔"), max_length=500)

    def clean_lessons(self) -> list[int]:
        return numbers(self.cleaned_data["lessons"], gettext("课程内容"))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("题目"), max_length=300)
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    options = forms.CharField(label=_("选项（每行一个）"), widget=forms.Textarea(attrs={"rows": 4}))
    correct = forms.CharField(label=_("正确答案的选项序号（从1开始，多选用逗号分隔）"), max_length=40)

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean_correct(self) -> list[int]:
        return [n - 1 for n in numbers(self.cleaned_data["correct"], gettext("正确答案"))]


class QuizForm(forms.Form):
    """One field per question: radio buttons for single choice, check boxes for multiple choice."""

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, q in enumerate(questions, start=1):
            choices = [(str(i), text) for i, text in enumerate(q.options)]
            label = gettext("第%(number)s题（%(kind)s）：%(text)s") % {
                "number": number,
                "kind": q.get_kind_display(),
                "text": q.text,
            }
            errors = {"required": gettext("请作答本题。"), "invalid_choice": gettext("选项无效。")}
            field: forms.Field
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, error_messages=errors
                )
            else:
                field = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=errors
                )
            self.fields[f"q_{q.pk}"] = field

    def answers(self) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q_{q.pk}")
            picked = value if isinstance(value, list) else [value] if value else []
            result[q.pk] = [int(v) for v in picked]
        return result


class GroupForm(forms.Form):
    name = forms.CharField(label=_("学习组名称（如：东村村民学法组）"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=GroupKind.choices)


class JoinForm(forms.Form):
    invite_code = forms.CharField(label=_("邀请码"), max_length=20)
