from django.contrib import admin
from django.http import HttpRequest

from hocvuso.people.models import Household, ImportBatch, Resident


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """Registry edits belong on the staff pages, where they are logged; the admin only looks."""

    list_display = ["key", "address", "residential_group", "ward"]
    search_fields = ["key", "search_text"]
    list_select_related = ["residential_group", "ward"]
    readonly_fields = [f.name for f in Household._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_year", "household", "residential_group"]
    search_fields = ["name_folded"]
    list_select_related = ["household", "residential_group"]
    readonly_fields = [f.name for f in Resident._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "ward", "status", "row_count", "error_count", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
