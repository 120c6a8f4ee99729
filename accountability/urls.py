from django.urls import path

from accountability import feeds, views
from portal import kept

app_name = "accountability"

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path(
        "reports/feed/",
        kept.response("accountability-report-feed")(feeds.ReportFeed()),
        name="report-feed",
    ),
    path("reports/<slug:slug>/", views.report_detail, name="report-detail"),
    path(
        "reports/<slug:slug>/questions/",
        views.report_question,
        name="report-question",
    ),
    path("priorities/", views.priority_list, name="priority-list"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority-detail"),
    path(
        "priorities/<int:pk>/support/", views.support_priority, name="priority-support"
    ),
    path(
        "follow/community/<slug:key>/",
        views.follow,
        {"kind": "community"},
        name="follow-community",
    ),
    path(
        "follow/priority/<int:key>/",
        views.follow,
        {"kind": "priority"},
        name="follow-priority",
    ),
    path("following/<str:token>/", views.follow_confirm, name="follow-confirm"),
    path("following/<str:token>/stop/", views.follow_stop, name="follow-stop"),
    path("formations/", views.formation_list, name="formation-list"),
    path("opendata/", views.open_data, name="open-data"),
    # Before the datasets' pattern, which would take it for a dataset's JSON.
    path("opendata/datapackage.json", views.data_package, name="data-package"),
    path("opendata/<slug:name>.csv", views.dataset_csv, name="dataset-csv"),
    path("opendata/<slug:name>.json", views.dataset_json, name="dataset-json"),
]
