from django.contrib import admin

from fawang.core.admin import ReadOnlyAdmin
from fawang.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "population", "urban_rural")
    list_filter = ("level", "urban_rural")
    search_fields = ("code", "name")
