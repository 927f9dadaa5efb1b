from django.urls import path

from hocvuso.teams import views

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
]
