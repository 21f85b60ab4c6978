from django.contrib import admin

from fawang.core.admin import ReadOnlyAdmin
from fawang.directory.models import Institution, Practitioner, Site


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "phone")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "phone")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Practitioner)
class PractitionerAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "licence_number", "institution", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "licence_number")
