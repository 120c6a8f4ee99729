from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from portal import two_factor

# The back office's paths in every language, the default one without a prefix.
_BACK_OFFICE = (
    "/admin/",
    *(
        f"/{code}/admin/"
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ),
)


class SecondFactorMiddleware:
    """Outside the back office, a staff member who has given the password but not
    the second factor is an anonymous visitor: the views that check permissions
    themselves (a complaint's files, draft previews) must not open to a password
    alone. Inside it, the admin site sends them to the second step
    (portal.two_factor.site). Installed after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(_BACK_OFFICE):
            user = request.user
            request.user = SimpleLazyObject(
                lambda: AnonymousUser() if two_factor.pending(user) else user
            )
            auser = request.auser

            async def visible_user():
                found = await auser()
                return AnonymousUser() if two_factor.pending(found) else found

            request.auser = visible_user
        return self.get_response(request)
