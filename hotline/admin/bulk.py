"""The queue's bulk actions. Each complaint goes through hotline.actions on its own,
in its own transaction, so a complaint whose status forbids the change is named and
the others move."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hotline import actions, forms
from hotline.models import Complaint
from portal.admin_mixins import ModelAdminMixin

# How many complaints one bulk action changes at most: each is a transaction of its
# own with its messages, and the request must end well inside the statement timeout.
BULK_LIMIT = 200


class BulkActionsMixin(ModelAdminMixin):
    """Take on, change the status of, or refer the chosen complaints."""

    actions = ["take_on", "change_status_of_chosen", "refer_chosen"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        chosen = super().get_actions(request, action_location)
        chosen.pop("delete_selected", None)
        return chosen

    def action_checkbox(self, obj):
        # The checkbox Django's CheckboxInput renders, written out: rendering the
        # widget through the template engine for each of the fifty rows cost more
        # than the row's own columns.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def has_triage_permission(self, request) -> bool:
        return request.user.has_perm("hotline.triage_complaint")

    @admin.action(
        description=_("Take on this complaint"),
        description_plural=_("Take on the chosen complaints"),
        permissions=["triage"],
        # On a complaint's own page too, where the list's actions name one.
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def take_on(self, request, queryset):
        chosen = self._chosen(request, queryset)
        if chosen is None:
            return None
        taken = sum(
            actions.assign(complaint, actor=request.user, to=request.user)
            for complaint in chosen
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s complaint is now yours.",
                "%(count)s complaints are now yours.",
                taken,
            )
            % {"count": taken},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Change the status of the chosen complaints"),
        permissions=["triage"],
    )
    def change_status_of_chosen(self, request, queryset):
        return self._bulk_status(request, queryset, refer=False)

    @admin.action(
        description=_("Refer the chosen complaints to a police unit"),
        permissions=["triage"],
    )
    def refer_chosen(self, request, queryset):
        return self._bulk_status(request, queryset, refer=True)

    def _chosen(self, request, queryset) -> list[Complaint] | None:
        """The chosen complaints, or None (and a message) when there are more than
        a request may change at once."""
        chosen = list(queryset.order_by("pk")[: BULK_LIMIT + 1])
        if len(chosen) > BULK_LIMIT:
            self.message_user(
                request,
                gettext(
                    "Choose at most %(limit)s complaints at once; narrow the list "
                    "with a view or a filter."
                )
                % {"limit": BULK_LIMIT},
                messages.ERROR,
            )
            return None
        return chosen

    def _bulk_status(self, request, queryset, *, refer: bool):
        chosen = self._chosen(request, queryset)
        if chosen is None:
            return None
        data = request.POST if "apply" in request.POST else None
        form = forms.BulkStatusForm(data, refer=refer)
        if form.is_bound and form.is_valid():
            moved, refused = actions.change_many(
                chosen, actor=request.user, **form.change()
            )
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s complaint changed.",
                        "%(count)s complaints changed.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                    messages.SUCCESS,
                )
            for complaint, reason in refused:
                self.message_user(
                    request,
                    gettext("%(reference)s was not changed: %(reason)s")
                    % {"reference": complaint.reference, "reason": reason},
                    messages.WARNING,
                )
            return None
        title = (
            gettext("Refer the chosen complaints to a police unit")
            if refer
            else gettext("Change the status of the chosen complaints")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "chosen": chosen,
            "action": request.POST["action"],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/hotline/complaint/bulk_status.html", context
        )
