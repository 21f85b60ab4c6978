from django.contrib import admin

from fawang.catalogue.models import ServiceItem
from fawang.core.admin import ReadOnlyAdmin


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "province", "kind", "fee_status", "active", "effective_from")
    list_filter = ("kind", "fee_status", "active")
    search_fields = ("code", "name")
