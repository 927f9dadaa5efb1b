from django.urls import path

from hocvuso.teams import points, views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="teams"),
    path("for-groups/", views.teams_for_groups, name="for_groups"),
    path("<int:pk>/", views.team_detail, name="team"),
    path("<int:team_pk>/members/new/", views.member_edit, name="member_new"),
    path("<int:team_pk>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_edit, name="training_new"),
    path("trainings/<int:pk>/", views.training_edit, name="training_edit"),
    path("points/", points.point_list, name="points"),
    path("points/new/", points.point_edit, name="point_new"),
    path("points/<int:pk>/", points.point_detail, name="point"),
    path("points/<int:pk>/edit/", points.point_edit, name="point_edit"),
    path("shifts/<int:pk>/", points.shift_roster, name="shift"),
    path("my-shifts/", points.my_shifts, name="my_shifts"),
    path("my-shifts/<int:pk>/<str:direction>/", points.shift_check, name="shift_check"),
]
