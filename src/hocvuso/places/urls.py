from django.urls import path

from hocvuso.places import views

app_name = "places"

urlpatterns = [
    path("<int:code>/setup/", views.ward_setup, name="setup"),
    path("contact/", views.ward_contact, name="contact"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
]
