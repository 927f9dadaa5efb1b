from django.contrib import admin
from django.http import HttpRequest

from hocvuso.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log is read here, never written or changed."""

    list_display = ["at", "actor_name", "ward", "action", "summary", "ip_address"]
    list_filter = ["action", "ward"]
    search_fields = ["summary", "actor_name"]
    list_select_related = ["ward"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
