from django.contrib import admin

from hocvuso.teams.models import CommunityTeam, TeamMember, Training


@admin.register(CommunityTeam)
class CommunityTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "ward", "residential_group"]
    list_select_related = ["ward", "residential_group"]
    search_fields = ["name"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "team", "organisation", "is_leader", "left_on"]
    list_select_related = ["team"]
    list_filter = ["organisation", "is_leader"]
    search_fields = ["full_name"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "topic", "trainer", "ward"]
    list_select_related = ["ward"]
