from django.urls import path

from hocvuso.support import views

app_name = "support"

urlpatterns = [path("record/", views.record_help, name="record")]
