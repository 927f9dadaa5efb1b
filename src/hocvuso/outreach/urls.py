from django.urls import path

from hocvuso.outreach import message_views, news_views, views

app_name = "outreach"

urlpatterns = [
    path("broadcasts/", views.broadcasts, name="broadcasts"),
    path("broadcasts/<int:pk>/", views.broadcast_detail, name="broadcast"),
    path("broadcasts/<int:pk>/mark/", views.broadcast_mark, name="broadcast_mark"),
    path("news/", news_views.editor_list, name="news"),
    path("news/new/", news_views.editor_form, name="news_new"),
    path("news/<int:pk>/", news_views.editor_form, name="news_edit"),
    path("messages/", message_views.outbox, name="outbox"),
    path("messages/new/", message_views.compose, name="compose"),
    path("messages/<int:pk>/", message_views.message_detail, name="message"),
    path("messages/<int:pk>/action/", message_views.message_action, name="message_action"),
    path("messages/<int:pk>/print/", message_views.message_print, name="message_print"),
    path("channels/", message_views.channels, name="channels"),
    path("channels/new/", message_views.channel_form, name="channel_new"),
    path("channels/<int:pk>/", message_views.channel_form, name="channel"),
    path("channels/<int:pk>/members/", message_views.channel_members, name="channel_members"),
]
