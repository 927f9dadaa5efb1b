from django.urls import path

from hocvuso.outreach import views

app_name = "outreach"

urlpatterns = [
    path("broadcasts/", views.broadcasts, name="broadcasts"),
    path("broadcasts/<int:pk>/", views.broadcast_detail, name="broadcast"),
    path("broadcasts/<int:pk>/mark/", views.broadcast_mark, name="broadcast_mark"),
]
