"""`{% load hotline_tags %}` then `{% with contact=cb|callback_contact %}`: a callback row asks the one contact read
(M14) rather than printing the stored number."""

from __future__ import annotations

from django import template

from fawang.hotline.models import Callback
from fawang.hotline.selectors import CallbackContact
from fawang.hotline.selectors import callback_contact as contact_for

register = template.Library()


@register.filter
def callback_contact(callback: Callback) -> CallbackContact:
    return contact_for(callback=callback)
