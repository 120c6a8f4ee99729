from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("archive/", views.archive, name="archive"),
    path("month/", views.month, name="month-current"),
    path("month/<int:year>/<int:number>/", views.month, name="month"),
    path("calendar.ics", views.calendar_feed, name="feed"),
    path("request/", views.request_event, name="request"),
    path("registration/<str:token>/", views.registration, name="registration"),
    path("registration/<str:token>/cancel/", views.cancel_registration, name="cancel"),
    path(
        "registration/<str:token>/certificate/", views.certificate, name="certificate"
    ),
    path("registration/<str:token>/accept/", views.accept_offer, name="accept"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
]
