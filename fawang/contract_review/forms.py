"""The contract review form (J10). It parses input only: the text pasted or read from an uploaded .txt or .docx
(`documents.contract_text_from_file`), the chosen type and the date. Every rule is checked in the engine."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.contract_review.documents import MAX_FILE_BYTES, contract_text_from_file
from fawang.contract_review.engine.model import ReviewError
from fawang.contract_review.selectors import contract_type_list


class ContractReviewForm(forms.Form):
    contract_type = forms.ChoiceField(
        label=_("合同类型"),
        required=False,
        help_text=_("不知道选哪种，就选“自动识别”，系统会根据合同内容判断。"),
    )
    signed_on = forms.DateField(
        label=_("合同签订日期（可以不填）"),
        required=False,
        help_text=_("不填时，按合同里写的签订日期；合同里也没有写的，按今天的规定审查。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=_("合同文字"),
        required=False,
        strip=False,
        help_text=_("把合同全文复制粘贴到这里。"),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    upload = forms.FileField(
        label=_("或者上传合同文件"),
        required=False,
        help_text=format_lazy(
            _(".txt 或 .docx（Word）文件，不超过{size}MB。上传了文件的，以文件里的文字为准。"),
            size=MAX_FILE_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", gettext("自动识别"))] + [(t.key, t.title) for t in contract_type_list()]
        self.fields["contract_type"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload:
            try:
                data["text"] = contract_text_from_file(upload)
            except ReviewError as exc:
                self.add_error("upload", exc.message)
        return data
