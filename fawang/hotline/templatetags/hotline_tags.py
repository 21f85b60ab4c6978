"""`{% load hotline_tags %}` then `{% with contact=cb|callback_contact %}` and `{{ cb|callback_phone:user }}`: a
callback row asks the one contact read (M14) and the one visibility rule (M3) rather than printing the stored
number."""

from __future__ import annotations

from django import template

from fawang.accounts.models import User
from fawang.hotline.models import Callback
from fawang.hotline.selectors import CallbackContact, callback_phone_shown
from fawang.hotline.selectors import callback_contact as contact_for

register = template.Library()


@register.filter
def callback_contact(callback: Callback) -> CallbackContact:
    return contact_for(callback=callback)


@register.filter
def callback_phone(callback: Callback, user: User | None) -> str:
    return callback_phone_shown(callback=callback, viewer=user if isinstance(user, User) else None)
