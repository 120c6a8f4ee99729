"""The back office's admin site: the password, then the second factor."""

from functools import update_wrapper

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal import two_factor


class BackOfficeSite(admin.AdminSite):
    """Django's admin site, where staff are admitted only once they have passed a
    second factor. A session that has given the password alone is sent to the
    second step (or to enrolment), with the page it asked for as `next`."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and two_factor.has_passed(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        logout = csrf_protect(never_cache(view))

        def gate(request, *args, **kwargs):
            if two_factor.pending(request.user):
                if request.path == reverse("admin:logout", current_app=self.name):
                    return logout(request, *args, **kwargs)
                return second_step_redirect(request, request.get_full_path())
            return inner(request, *args, **kwargs)

        return update_wrapper(gate, view)

    def login(self, request, extra_context=None):
        if request.method == "GET" and two_factor.pending(request.user):
            return second_step_redirect(request, request.GET.get("next", ""))
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and isinstance(response, HttpResponseRedirect)
            and two_factor.pending(request.user)
        ):
            # The password was right: the second step comes before the page asked for.
            return second_step_redirect(request, response["Location"])
        return response

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from portal.two_factor import views

        return [
            path("two-factor/", views.second_step, name="two-factor"),
            path("two-factor/enrol/", views.enrol, name="two-factor-enrol"),
            path(
                "two-factor/devices/",
                self.admin_view(views.devices),
                name="two-factor-devices",
            ),
            path(
                "two-factor/recovery-codes/",
                self.admin_view(views.regenerate_recovery_codes),
                name="two-factor-recovery-codes",
            ),
            path(
                "two-factor/devices/<slug:kind>/<int:pk>/remove/",
                self.admin_view(views.remove_device),
                name="two-factor-remove",
            ),
            *super().get_urls(),
        ]


def safe_next(request: HttpRequest, candidate: str) -> str:
    """`candidate` if it is a path of this site, else the back office's index."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def second_step_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    """To the second step, or to enrolment for a user with no authenticator yet."""
    from django.utils.http import urlencode

    name = (
        "admin:two-factor"
        if two_factor.is_enrolled(request.user)
        else "admin:two-factor-enrol"
    )
    query = urlencode({"next": safe_next(request, next_url)})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")
