from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp import admin as totp_admin

from portal import audit, two_factor
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    LargeTableMixin,
    ReadOnlyAdmin,
)
from portal.auth import ThrottledAdminLoginForm
from portal.models import AuditEntry, Community, OutboxMessage, Settlement
from portal.roles import ROLES
from portal.two_factor.actions import reset_second_factor

admin.site.site_header = _("Community policing portal: back office")
admin.site.site_title = _("Back office")
admin.site.index_title = _("Back office")
admin.site.login_form = ThrottledAdminLoginForm


class SettlementInline(admin.TabularInline):
    model = Settlement
    extra = 1
    fields = ["name", "name_en", "kind", "katottg"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "population", "settlement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "settlements__name", "settlements__name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SettlementInline]

    def get_queryset(self, request):
        # A subquery per community shown: grouping every settlement with its
        # community, for a page of them, grew with the country.
        settlements = (
            Settlement.objects.filter(community=OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(settlement_total=Coalesce(Subquery(settlements), 0))
        )

    @admin.display(description=_("settlements"), ordering="settlement_total")
    def settlement_count(self, obj):
        return obj.settlement_total


@admin.register(Settlement)
class SettlementAdmin(AutocompleteLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "community", "katottg"]
    list_filter = ["kind", CommunityFilter]
    list_select_related = ["community"]
    search_fields = ["name", "name_en", "katottg"]
    autocomplete_fields = ["community"]


class ActionFilter(admin.AllValuesFieldListFilter):
    """The actions recorded, read by stepping through the index of actions (a
    probe for each) rather than by a DISTINCT over every entry of the log, and
    offered by their labels, in the order of the labels; the query string keeps the
    code."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        recorded = distinct_indexed_values(model, field.column)
        # The stubs type the attribute as a queryset; Django reads any iterable.
        self.lookup_choices = sorted(recorded, key=audit.action_label)  # type: ignore[assignment]

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] in self.lookup_choices:
                label = audit.action_label(str(choice["display"]))
                choice = {**choice, "display": label}
            yield choice


def distinct_indexed_values(model, column: str) -> list[str]:
    """The distinct values of an indexed `column`, in order: one index probe per
    value (a "loose index scan", which PostgreSQL does not do by itself)."""
    connection = connections[router.db_for_read(model)]
    table, column = (
        connection.ops.quote_name(name) for name in (model._meta.db_table, column)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE found(value) AS ("  # noqa: S608 (the model's names)
            f" SELECT MIN({column}) FROM {table}"
            f" UNION ALL SELECT (SELECT MIN({column}) FROM {table}"
            f" WHERE {column} > found.value) FROM found WHERE found.value IS NOT NULL"
            f") SELECT value FROM found WHERE value IS NOT NULL"
        )
        return [value for (value,) in cursor.fetchall()]


@admin.register(AuditEntry)
class AuditEntryAdmin(LargeTableMixin, ReadOnlyAdmin):
    list_display = [
        "created_at",
        "actor_label",
        "what",
        "content_type",
        "object_repr",
    ]
    list_filter = [("action", ActionFilter), "content_type"]
    search_fields = ["actor_label", "action", "object_id", "object_repr"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    fields = [
        "created_at",
        "actor_label",
        "what",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "data",
    ]

    readonly_fields = ["what"]

    @admin.display(description=_("what was done"), ordering="action")
    def what(self, entry: AuditEntry) -> str:
        return audit.action_label(entry.action)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(LargeTableMixin, ReadOnlyAdmin):
    list_display = [
        "created_at",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status"]
    list_defer = ("body",)
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]


admin.site.unregister(User)
admin.site.unregister(Group)
# Each user keeps their own devices on their own page (portal.two_factor), and a
# coordinator can only reset another's; nobody reads another's key, as django-otp's
# own admin of the devices would show it.
admin.site.unregister(totp_admin.TOTPDevice)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Coordinators manage accounts and their roles, but cannot raise anyone's rights.

    Only a superuser sees superuser status and individual permissions, or changes a
    superuser; everyone else gives rights only through the role groups.
    """

    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    change_form_template = "admin/auth/user/change_form_two_factor.html"

    def get_urls(self):
        return [
            path(
                "<id>/two-factor/reset/",
                self.admin_site.admin_view(self.two_factor_reset_view),
                name="auth_user_two_factor_reset",
            ),
            *super().get_urls(),
        ]

    def two_factor_reset_view(self, request, id):
        """Remove every device of another staff member's, who then enrols again."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if user == request.user:
            # One's own devices are changed on one's own page, with a current code.
            raise PermissionDenied
        if request.method == "POST":
            removed = reset_second_factor(user, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "Two-factor log-in was reset: %(count)d device removed.",
                    "Two-factor log-in was reset: %(count)d devices removed.",
                    removed,
                )
                % {"count": removed},
                messages.SUCCESS,
            )
            return redirect("admin:auth_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reset two-factor log-in"),
            "opts": self.opts,
            "original": user,
            "enrolled": two_factor.is_enrolled(user)
            or two_factor.recovery_codes_left(user) > 0,
        }
        return TemplateResponse(
            request, "admin/auth/user/two_factor_reset.html", context
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        limited = []
        for title, options in fieldsets:
            fields = [
                field
                for field in options["fields"]
                if field not in {"is_superuser", "user_permissions"}
            ]
            limited.append((title, {**options, "fields": fields}))
        return limited

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(
                name__in=[role.group for role in ROLES]
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Roles are defined in portal/roles.py and restored after every migration."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
