"""Read-only admin for superusers (STYLE §8): re-sending goes through exchange_message_retry, never edits."""

from django.contrib import admin

from fawang.core.admin import ReadOnlyAdmin
from fawang.exchange.models import ExchangeMessage


@admin.register(ExchangeMessage)
class ExchangeMessageAdmin(ReadOnlyAdmin):
    list_display = (
        "idempotency_key",
        "target",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("target", "kind", "status")
    search_fields = ("idempotency_key",)
    ordering = ("-id",)
