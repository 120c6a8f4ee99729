from django.urls import path

from hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.file_complaint, name="file"),
    path("track/", views.track, name="track"),
    path("track/add/", views.add_information, name="track-add"),
    path("track/rate/", views.rate, name="track-rate"),
    path("stats/", views.stats, name="stats"),
    path("stats.csv", views.stats_csv, name="stats-csv"),
    path("stats.json", views.stats_json, name="stats-json"),
    path("settlements.json", views.settlements_json, name="settlements"),
    path("attachments/<uuid:public_id>/", views.attachment, name="attachment"),
    path(
        "attachments/<uuid:public_id>/preview/",
        views.attachment_preview,
        name="attachment-preview",
    ),
]
