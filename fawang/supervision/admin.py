"""Superuser admin (STYLE §8): Config values are data; everything else is read-mostly."""

from django.contrib import admin

from fawang.supervision.models import Parameter, Publication, Questionnaire, SupervisionOrder


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin[Parameter]):
    list_display = ("key", "region", "value", "effective_from", "source")
    list_filter = ("key",)
    search_fields = ("key", "region__code", "region__name")


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(admin.ModelAdmin[SupervisionOrder]):
    list_display = ("case", "due_at", "state", "issued_by")
    list_filter = ("state",)
    readonly_fields = ("case", "issued_by", "issued_at")


admin.site.register(Questionnaire)
admin.site.register(Publication)
