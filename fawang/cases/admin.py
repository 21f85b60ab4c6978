from django.contrib import admin

from fawang.cases.models import CalendarDay, Case, CaseEvent
from fawang.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "service_type", "channel", "status", "region", "due_at", "submitted_at")
    list_filter = ("service_type", "channel", "status", "due_state")
    search_fields = ("reference", "title")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "at", "actor", "action", "from_status", "to_status")
    list_filter = ("action",)
    ordering = ("-id",)  # append order, by the primary key: `at` is indexed for dated actions only


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    """Administrators enter holidays and 调休 working days for years the package does not cover yet (T3)."""

    list_display = ("day", "kind", "note")
    list_filter = ("kind",)
    ordering = ("-day",)
