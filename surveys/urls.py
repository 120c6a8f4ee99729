from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/print/", views.printable, name="print"),
    path("<slug:slug>/results/", views.results_page, name="results"),
]
