"""Django admin is for superusers repairing data, read-mostly (STYLE §8): caseworkers use the workbench."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fawang.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Lists and shows rows; every change goes through services so it is validated and audited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "summary")
