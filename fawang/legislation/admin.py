"""Django admin for superusers only (STYLE §8): read-only views of the registry; the workbench is the product."""

from django.contrib import admin

from fawang.legislation.models import ContactPoint


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin[ContactPoint]):
    list_display = ("name", "region", "host")
    search_fields = ("name", "host")
