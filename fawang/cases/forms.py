"""Form pieces every intake shares (A12): the intake-language question, asked only where the deployment offers
more than 普通话."""

from __future__ import annotations

from typing import Any

from django import forms

from fawang.cases.languages import language_choices, languages_offered


def intake_language_field(label: str = "受理语言（方言）", help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=language_choices, required=False, help_text=help_text)


class IntakeLanguageMixin:
    """Drops the form's `language` field where only 普通话 is offered (an empty answer means the default)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not languages_offered():
            self.fields.pop("language", None)
