from django.urls import path

from hocvuso.outreach import news_views, views

app_name = "outreach"

urlpatterns = [
    path("broadcasts/", views.broadcasts, name="broadcasts"),
    path("broadcasts/<int:pk>/", views.broadcast_detail, name="broadcast"),
    path("broadcasts/<int:pk>/mark/", views.broadcast_mark, name="broadcast_mark"),
    path("news/", news_views.editor_list, name="news"),
    path("news/new/", news_views.editor_form, name="news_new"),
    path("news/<int:pk>/", news_views.editor_form, name="news_edit"),
]
