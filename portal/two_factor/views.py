"""The second step of the staff log-in, enrolment, and each user's own devices.

The second step and enrolment open to a session that has given the password; the
other pages are admin views and need the second factor passed.
"""

from base64 import b32encode

import segno
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from portal import two_factor
from portal.two_factor import actions
from portal.two_factor.forms import CodeForm, EnrolmentForm
from portal.two_factor.site import safe_next, second_step_redirect

DEVICE_MODELS = {"totp": TOTPDevice, "passkey": WebAuthnCredential}


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next", ""))


@never_cache
@csrf_protect
def second_step(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, a recovery code or a passkey."""
    user, next_url = request.user, _next(request)
    if not two_factor.needs_second_factor(user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if two_factor.has_passed(user):
        return redirect(next_url)
    if not two_factor.is_enrolled(user):
        return second_step_redirect(request, next_url)
    form = CodeForm(request.POST or None)
    if form.is_valid() and form.check(actions.pass_second_step, request):
        return redirect(next_url)
    context = _context(
        request,
        _("Second step of the log-in"),
        form=form,
        next=next_url,
        passkeys=two_factor.has_passkey(user),
    )
    return render(request, "admin/two_factor/second_step.html", context)


@never_cache
@csrf_protect
def enrol(request: HttpRequest) -> HttpResponse:
    """A staff member's first authenticator app, right after the first password."""
    user, next_url = request.user, _next(request)
    if not two_factor.needs_second_factor(user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if two_factor.is_enrolled(user):
        if two_factor.has_passed(user):
            return redirect(next_url)
        return second_step_redirect(request, next_url)
    device = actions.start_enrolment(user)
    form = EnrolmentForm(request.POST or None)
    if form.is_valid():
        codes = form.check(actions.enrol, request, device)
        if codes is not None:
            return _recovery_codes_page(request, codes, next_url)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    context = _context(
        request,
        _("Set up two-factor log-in"),
        form=form,
        next=next_url,
        qr_code=segno.make(device.config_url, error="m").svg_data_uri(
            scale=5, border=2
        ),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
    return render(request, "admin/two_factor/enrol.html", context)


def _recovery_codes_page(
    request: HttpRequest, codes: list[str], next_url: str
) -> HttpResponse:
    # Shown in the answer to the form that made them and kept nowhere in clear, so
    # they are shown this once.
    context = _context(request, _("Your recovery codes"), codes=codes, next=next_url)
    return render(request, "admin/two_factor/recovery_codes.html", context)


def devices(request: HttpRequest) -> HttpResponse:
    """The user's own authenticators and recovery codes."""
    user = request.user
    rows = [
        {
            "kind": actions.kind_of(device),
            "device": device,
            "in_use": device == getattr(user, "otp_device", None),
        }
        for device in two_factor.authenticators(user)
    ]
    context = _context(
        request,
        _("Two-factor log-in"),
        rows=rows,
        codes_left=two_factor.recovery_codes_left(user),
        removable=len(rows) > 1,
    )
    return render(request, "admin/two_factor/devices.html", context)


def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, the old ones void, after a current code."""
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("Current code")
    if form.is_valid():
        codes = form.check(actions.regenerate_recovery_codes, request)
        if codes is not None:
            return _recovery_codes_page(
                request, codes, reverse("admin:two-factor-devices")
            )
    context = _context(request, _("New recovery codes"), form=form)
    return render(request, "admin/two_factor/regenerate.html", context)


def remove_device(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove one of the user's own authenticators, never the last one."""
    model = DEVICE_MODELS.get(kind)
    device = model and model.objects.filter(user=request.user, pk=pk).first()
    if device is None:
        raise Http404
    if request.method == "POST":
        try:
            actions.remove_device(device, actor=request.user)
        except actions.LastAuthenticator:
            messages.error(
                request,
                _(
                    "This is your only authenticator. Add another one before "
                    "removing it."
                ),
            )
        else:
            messages.success(request, _("The device was removed."))
        return redirect("admin:two-factor-devices")
    context = _context(request, _("Remove a device"), kind=kind, device=device)
    return render(request, "admin/two_factor/remove.html", context)
