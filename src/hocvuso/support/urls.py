from django.urls import path

from hocvuso.support import request_views, views

app_name = "support"

urlpatterns = [
    path("record/", views.record_help, name="record"),
    path("requests/", request_views.queue, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
]
