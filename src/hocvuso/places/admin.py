from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.places.models import GroupEvent, Province, ResidentialGroup, Ward
from hocvuso.places.services import activate_ward


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "codename"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "is_active", "activated_at"]
    list_filter = ["is_active", "province"]
    search_fields = ["name", "codename", "code"]
    readonly_fields = ["code", "province", "name", "division_type", "codename", "activated_at"]
    actions = ["activate"]

    @admin.action(description=_("Set up the chosen wards for the campaign"))
    def activate(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Ward]) -> None:
        for ward in queryset:
            activate_ward(ward=ward, actor=request.user)
        self.message_user(request, _("The wards are active."), messages.SUCCESS)


class GroupEventInline(admin.TabularInline):
    model = GroupEvent
    fk_name = "group"
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "old_name",
        "new_name",
        "other_group",
        "households_moved",
        "effective_on",
        "recorded_by",
    ]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "ward", "closed_at", "merged_into"]
    list_filter = ["ward__province"]
    search_fields = ["name", "name_folded"]
    list_select_related = ["ward", "merged_into"]
    readonly_fields = ["merged_into", "closed_at"]
    inlines = [GroupEventInline]
