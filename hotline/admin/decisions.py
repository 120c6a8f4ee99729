"""The pages of a complaint's recorded decisions (status, reply, extension, flag,
referral and their outcomes) and the queue's CSV export; each decision goes through
hotline.actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from hotline import actions, forms
from hotline.admin.queue import csv_rows
from hotline.models import Complaint, ExternalReferral, Flag
from portal import audit
from portal.admin_mixins import ModelAdminMixin
from portal.streaming import csv_download
from portal.transitions import TransitionError


class DecisionPagesMixin(ModelAdminMixin):
    """The URLs and views of the recorded decisions and of the export."""

    def get_urls(self):
        def view(function, name):
            wrapped = self.admin_site.admin_view(function)
            return path(f"<int:pk>/{name}/", wrapped, name=f"hotline_complaint_{name}")

        return [
            view(self.status_view, "status"),
            view(self.reply_view, "reply"),
            view(self.extend_view, "extend"),
            view(self.flag_view, "flag"),
            view(self.refer_view, "refer"),
            path(
                "flags/<int:flag_pk>/settle/",
                self.admin_site.admin_view(self.settle_flag_view),
                name="hotline_complaint_settle",
            ),
            path(
                "referrals/<int:referral_pk>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="hotline_complaint_outcome",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="hotline_complaint_export",
            ),
            *super().get_urls(),
        ]

    def _complaint_for(self, request, pk: int, permission: str) -> Complaint:
        """The complaint an action page works on, for users holding `permission`."""
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _action_page(self, request, complaint, form, title, perform) -> HttpResponse:
        if request.method == "POST" and form.is_valid():
            try:
                perform(form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Saved."))
                return redirect("admin:hotline_complaint_change", complaint.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": complaint.reference,
            "complaint": complaint,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/hotline/complaint/action.html", context)

    def status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.triage_complaint")
        form = forms.StatusChangeForm(request.POST or None, complaint=complaint)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Change the status"),
            lambda data: actions.change_status(
                complaint,
                actor=request.user,
                new_status=data["new_status"],
                public_text=data["public_text"],
                internal_note=data["internal_note"],
                unit=data["unit"],
                duplicate_of=data["duplicate_of"],
                term=data.get("term", ""),
            ),
        )

    def reply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.triage_complaint")
        form = forms.ReplyForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Reply or add a note"),
            lambda data: actions.reply(complaint, actor=request.user, **data),
        )

    def extend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.extend_deadline")
        form = forms.ExtensionForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Extend the deadline"),
            lambda data: actions.extend_deadline(complaint, actor=request.user, **data),
        )

    def flag_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.flag_complaint")
        form = forms.FlagForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Flag a disagreement"),
            lambda data: actions.flag_disagreement(
                complaint, actor=request.user, **data
            ),
        )

    def refer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = self._complaint_for(request, pk, "hotline.refer_externally")
        form = forms.ExternalReferralForm(request.POST or None)
        return self._action_page(
            request,
            complaint,
            form,
            gettext("Refer to an outside body"),
            lambda data: actions.refer_externally(
                complaint, actor=request.user, **data
            ),
        )

    def settle_flag_view(self, request: HttpRequest, flag_pk: int) -> HttpResponse:
        # Both sides see the flags, and either may record how one was settled.
        if not request.user.has_perm("hotline.triage_complaint"):
            raise PermissionDenied
        flag = get_object_or_404(Flag.objects.select_related("complaint"), pk=flag_pk)
        form = forms.SettleFlagForm(request.POST or None)
        return self._action_page(
            request,
            flag.complaint,
            form,
            gettext("Settle the disagreement"),
            lambda data: actions.settle_flag(flag, actor=request.user, **data),
        )

    def outcome_view(self, request: HttpRequest, referral_pk: int) -> HttpResponse:
        if not request.user.has_perm("hotline.refer_externally"):
            raise PermissionDenied
        referral = get_object_or_404(
            ExternalReferral.objects.select_related("complaint"), pk=referral_pk
        )
        form = forms.ReferralOutcomeForm(request.POST or None)
        return self._action_page(
            request,
            referral.complaint,
            form,
            gettext("Record the outcome"),
            lambda data: actions.record_referral_outcome(
                referral, actor=request.user, **data
            ),
        )

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The filtered list as CSV, without any personal data or free text."""
        if not request.user.has_perm("hotline.export_complaints"):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).order_by("pk")
        audit.record(
            "hotline.complaints.exported",
            actor=request.user,
            filters=request.GET.urlencode(),
        )
        return csv_download(csv_rows(queryset), "complaints.csv")
