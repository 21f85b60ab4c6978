"""The safe-contact form (M14), shared by the citizen's portal page and the staff page: it only parses; the
service (person_contact_safety_set) validates the combination and writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.people.models import ContactChannel, Person
from fawang.people.services import CONTACT_NOTE_MAX, ContactSafety


class ContactSafetyForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("工作人员应如何联系"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择一种联系方式。"), "invalid_choice": _("请选择一种联系方式。")},
    )
    safe_phone = forms.CharField(
        label=_("安全电话（选“安全电话”或“可信联系人”时必填）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "off"}),
    )
    safe_contact_name = forms.CharField(
        label=_("可信联系人姓名或称呼"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("给工作人员的注意事项（选填，如：只在工作日上午联系，勿留言，勿提及事由）"),
        max_length=CONTACT_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("注意事项请控制在%(limit_value)d字以内。")},
    )

    @classmethod
    def for_person(cls, person: Person, data: Mapping[str, Any] | None = None) -> ContactSafetyForm:
        initial = {
            "channel": person.contact_channel,
            "safe_phone": person.safe_phone,
            "safe_contact_name": person.safe_contact_name,
            "note": person.contact_note,
        }
        return cls(data, initial=initial)

    def safety(self) -> ContactSafety:
        data = self.cleaned_data
        return ContactSafety(
            channel=data["channel"],
            safe_phone=data["safe_phone"],
            safe_contact_name=data["safe_contact_name"],
            note=data["note"],
        )
