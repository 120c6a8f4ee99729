from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from portal import views

handler500 = "portal.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz/", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("communities/", views.community_list, name="community-list"),
    path("communities/<slug:slug>/", views.community, name="community"),
    # Passkeys' JSON steps, before the admin site, which would answer 404 there.
    path("admin/passkeys/", include("portal.two_factor.passkeys")),
    path("admin/", admin.site.urls),
    path("hotline/", include("hotline.urls")),
    path("surveys/", include("surveys.urls")),
    path("events/", include("events.urls")),
    path("accountability/", include("accountability.urls")),
    path("search/", views.search, name="search"),
    path("", include("news.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    # The floor views of `make bench` (bench/); never in a real deployment.
    urlpatterns += [path("_bench/", include("bench.urls"))]

if settings.DEBUG:
    # Public uploads (event photos, report covers and PDFs) in development; in
    # production the web server serves MEDIA_ROOT (see README, "Deployment").
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
