"""Forms of the legal-aid roster page (O8, X3): they only parse; the roster services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.legal_aid.allocation import MAX_WEIGHT


class RosterEntryForm(forms.Form):
    practitioner_id = forms.IntegerField(label=_("法律援助人员"))
    weight = forms.IntegerField(label=_("分配权重（1–10）"), min_value=1, max_value=MAX_WEIGHT, initial=1)
    criminal = forms.BooleanField(label=_("承办刑事案件"), required=False, initial=True)
    civil = forms.BooleanField(label=_("承办民事、行政案件"), required=False, initial=True)
    active = forms.BooleanField(label=_("在册（参与分配）"), required=False, initial=True)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)


class RosterAbsenceForm(forms.Form):
    practitioner_id = forms.IntegerField(label=_("法律援助人员"))
    starts_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=100)


class DutyShiftForm(forms.Form):
    practitioner_id = forms.IntegerField(label=_("值班人员"))
    on_date = forms.DateField(label=_("值班日期"), widget=forms.DateInput(attrs={"type": "date"}))


class DutyShiftRemoveForm(forms.Form):
    shift_id = forms.IntegerField()
