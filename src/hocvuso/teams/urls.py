from django.urls import path

from hocvuso.teams import point_views, views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="teams"),
    path("for-groups/", views.teams_for_groups, name="for_groups"),
    path("new/", views.team_new, name="team_new"),
    path("<int:pk>/", views.team_detail, name="team"),
    path("<int:team_pk>/members/new/", views.member_edit, name="member_new"),
    path("<int:team_pk>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_edit, name="training_new"),
    path("trainings/<int:pk>/", views.training_edit, name="training_edit"),
    path("points/", point_views.point_list, name="points"),
    path("points/new/", point_views.point_edit, name="point_new"),
    path("points/<int:pk>/", point_views.point_detail, name="point"),
    path("points/<int:pk>/edit/", point_views.point_edit, name="point_edit"),
    path("shifts/<int:pk>/", point_views.shift_roster, name="shift"),
    path("members/search/", views.member_search, name="member_search"),
    path("my-shifts/", point_views.my_shifts, name="my_shifts"),
    path("my-shifts/<int:pk>/<str:direction>/", point_views.shift_check, name="shift_check"),
]
