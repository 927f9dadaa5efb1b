from django.urls import path

from hocvuso.devices import views

app_name = "devices"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/", views.token_detail, name="token"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
