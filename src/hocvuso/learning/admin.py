from django.contrib import admin

from hocvuso.learning.models import Certificate, Classroom, Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Courses are edited as files in the curriculum folder, not here."""

    list_display = ["title", "slug", "position", "sequential", "pass_mark", "is_published"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "course", "ward", "issued_at", "revoked_at"]
    list_select_related = ["course", "ward"]
    search_fields = ["code"]
    readonly_fields = ["code", "learner", "course", "name", "score", "issued_at"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "ward", "residential_group", "organisation", "coach"]
    list_select_related = ["ward", "residential_group", "coach"]
    search_fields = ["name"]
