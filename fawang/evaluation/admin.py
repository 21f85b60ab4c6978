"""Superuser admin (STYLE §8): read-mostly views for data repair; the product is the workbench."""

from django.contrib import admin

from fawang.evaluation.models import ComplaintDetail, Rating, RatingAppeal, Rectification


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    list_display = ("case", "instance_key", "level", "grade", "channel", "state", "rated_at")
    list_filter = ("grade", "channel", "state")
    readonly_fields = ("case", "rater_person", "rater_user", "recorded_by")


@admin.register(Rectification)
class RectificationAdmin(admin.ModelAdmin[Rectification]):
    list_display = ("case", "owner_label", "state", "outcome", "effective_due_at")
    list_filter = ("state", "outcome")
    readonly_fields = ("rating", "case")


admin.site.register(RatingAppeal)
admin.site.register(ComplaintDetail)
