"""The floor views, mounted at /_bench/ by portal/urls.py when BENCH_ENDPOINTS is true.

Not namespaced, so that their names stay `bench-floor` and `bench-floor-insert`; the
bench itself requests them by path.
"""

from django.urls import path

from bench import views

urlpatterns = [
    path("floor/", views.floor, name="bench-floor"),
    path("floor-insert/", views.floor_insert, name="bench-floor-insert"),
]
