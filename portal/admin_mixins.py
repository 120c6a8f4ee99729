"""What the apps' admins share: a mixin and a base for ModelAdmins, registering nothing.

Apps take them from here, not from portal.admin: that module registers portal's own
models and sets up the admin site as it is imported, which an app's admin should
neither set off nor depend on.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.contrib.admin import ShowFacets
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal import personal_data

if TYPE_CHECKING:
    # What the mixins are mixed into, for the type checker only.
    from django_stubs_ext import StrOrPromise

    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object

# The base of an admin mixin defined elsewhere (the hotline's bulk actions): a
# ModelAdmin to the type checker, nothing at run time.
ModelAdminMixin = _ModelAdmin


class PlainLinksMixin(_ModelAdmin):
    """Show a read-only foreign key as plain text to a user who may not open the
    related object's page.

    Django's admin links every read-only foreign key to the related object's change
    page without asking whether the user may open it (Django ticket #33171), so a
    role that may only read a complaint would be offered a link to its police unit
    that answers 403. For such a user the field's name in the fieldsets is swapped
    for a display function that gives the same label and the object's name.
    """

    def get_fieldsets(self, request, obj=None):
        return self.with_plain_links(request, obj, super().get_fieldsets(request, obj))

    def with_plain_links(self, request, obj, fieldsets):
        """The fieldsets with each foreign key that must not link swapped for its
        display function; for an admin whose get_fieldsets does not call super()."""
        plain = self._plain_fields(request, obj)
        if not plain:
            return fieldsets
        seen = set()

        def swap(fields):
            swapped = []
            for item in fields:
                if isinstance(item, (list, tuple)):
                    swapped.append(type(item)(swap(item)))
                    continue
                item = plain.get(item, item)
                if item not in seen:  # Django's own fields list names it once more
                    seen.add(item)
                    swapped.append(item)
            return swapped

        return [
            (name, {**options, "fields": swap(options["fields"])})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        plain = self._plain_fields(request, obj)
        return [*readonly, *plain.values()] if plain else readonly

    def _plain_fields(self, request, obj) -> dict:
        """The read-only foreign keys whose related page the user may not open,
        each with its display function."""
        if obj is None:
            return {}  # nothing to link to yet
        everything_readonly = not self.has_change_permission(request, obj)
        readonly = set(super().get_readonly_fields(request, obj))
        registry = self.admin_site._registry
        plain = {}
        for field in self.model._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if not (everything_readonly or field.name in readonly):
                continue
            related_admin = registry.get(field.related_model)
            if related_admin and not related_admin.has_view_or_change_permission(
                request
            ):
                plain[field.name] = self._plain_display(field)
        return plain

    def _plain_display(self, field):
        # The same function each time, so that Django finds it among the read-only
        # fields that it lists in the fieldsets.
        cache = self.__dict__.setdefault("_plain_displays", {})
        if field.name not in cache:

            @admin.display(description=field.verbose_name)
            def show(obj):
                value = getattr(obj, field.name)
                return self.get_empty_value_display() if value is None else str(value)

            cache[field.name] = show
        return cache[field.name]


class ChoicesOnceMixin(_ModelAdmin):
    """For an inline: each foreign-key select reads its choices once for the page.

    Django renders a select of rows by querying them again for every form of the
    inline, so a survey's twenty questions ran twenty queries for their sections.
    The choices are read when the formset is made, as pairs of key and label; the
    field still checks a sent value against its queryset.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        plain_select = db_field.name not in (
            *self.raw_id_fields,
            *self.autocomplete_fields,
        )
        if field is not None and plain_select:
            choices = cast(Iterable[tuple[Any, Any]], field.choices)
            field.choices = [
                (getattr(value, "value", value), label) for value, label in choices
            ]
        return field


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's select searched as one types, valid HTML: its empty choice has a
    label (an empty option without one is not valid), and a required one starts
    with it too (as a required select must)."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required:
            groups[0][1].insert(0, self.create_option(name, "", "", False, 0))
        for _group, options, _index in groups:
            for option in options:
                if option["value"] == "" and not option["label"]:
                    option["label"] = BLANK_CHOICE_DASH[0][1]
        return groups


class AutocompleteLabelsMixin(_ModelAdmin):
    """For an admin (or inline) with `autocomplete_fields`: their selects are
    LabelledAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CommunityFilter(admin.SimpleListFilter):
    """The community of a list's rows, found by typing part of its name.

    A link for each community, Django's filter, makes every page of the list carry
    a link for each of the country's 1,500 hromadas. The search is a small form of
    its own that keeps the list's other filters; it matches the Ukrainian and the
    English names.
    """

    title = _("community")
    parameter_name = "community_name"
    template = "admin/community_filter.html"

    def lookups(self, request, model_admin):
        return ()

    def has_output(self) -> bool:
        return True

    def queryset(self, request, queryset):
        words = (self.value() or "").strip()
        if not words:
            return queryset
        return queryset.filter(
            Q(community__name__icontains=words) | Q(community__name_en__icontains=words)
        )

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
            # The list's other filters, its order and its search, for the form.
            "kept": [
                (name, value)
                for name, values in changelist.filter_params.items()
                if name != self.parameter_name
                for value in values
            ],
        }


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that the back office may read but never add, change or delete."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """A paginator that counts a list exactly up to `exact_up_to` rows and, beyond
    that, takes PostgreSQL's estimate instead of counting a million rows on every
    visit.

    The exact count reads at most `exact_up_to + 1` rows (through an index where
    the list is filtered by one); only a longer list asks the planner how many rows
    it expects, which reads none. Templates show an estimate as such ("about
    1,000,000"), and do not offer the last pages of one: they may not exist, and
    reaching them would have the database step over nearly every row. On SQLite
    every count is exact.
    """

    exact_up_to = 10_000
    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = cast(QuerySet, self.object_list)
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        # Only the primary keys: annotations shown in the list are not computed.
        rows = queryset.order_by().values("pk")
        capped = rows[: self.exact_up_to + 1].count()
        if capped <= self.exact_up_to:
            return capped
        self.estimated = True
        return max(capped, planned_rows(rows))

    @property
    def rounded_count(self) -> int:
        """The estimate to two significant digits: its precision, no more."""
        return int(float(f"{self.count:.2g}"))

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        if not (self.count and self.estimated):  # the count tells whether it is one
            return super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
        return self._pages_near(self.validate_number(number), on_each_side, on_ends)

    def _pages_near(self, number: int, on_each_side: int, on_ends: int):
        first = max(1, number - on_each_side)
        if first > on_ends + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
        else:
            first = 1
        yield from range(first, min(number + on_each_side, self.num_pages) + 1)
        if number + on_each_side < self.num_pages:
            yield self.ELLIPSIS


def planned_rows(queryset) -> int:
    """How many rows PostgreSQL's planner expects `queryset` to return."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()  # psycopg decodes the JSON
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeTableMixin(_ModelAdmin):
    """For the list of a table that grows to millions of rows: no count of the whole
    table beside the filtered one, an estimated count (see EstimatedCountPaginator),
    no facet counts, which would count the list once per filter choice, and rows
    without the long texts named in `list_defer`, which the list does not show.

    Each filter and order the list offers needs an index that gives its first page
    without reading the rest of the table.
    """

    paginator = cast(Any, EstimatedCountPaginator)
    show_full_result_count = False
    show_facets = ShowFacets.NEVER
    list_per_page = 50
    list_defer: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return DeferringChangeList


class DeferringChangeList(ChangeList):
    """A list whose rows leave out their admin's `list_defer` fields."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*getattr(self.model_admin, "list_defer", ()))


class FirstRowsFormSet(BaseInlineFormSet):
    """An inline's first `shown` rows, in their order, for objects that gather
    thousands (an event's registrations): a form for each would make a page of
    megabytes. The page says how many there are in all (`total`)."""

    shown = 50
    # Where the rest can be seen, said under the inline.
    elsewhere: "StrOrPromise" = ""

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = super().get_queryset()[: self.shown]
        return self._first_rows

    @cached_property
    def total(self) -> int:
        """How many rows there are, counted only when some are left out (0
        otherwise)."""
        if len(self.get_queryset()) < self.shown:
            return 0
        return super().get_queryset().count()

    @property
    def cut_short(self) -> bool:
        return self.total > self.shown


class PersonalDataReviewMixin(_ModelAdmin):
    """For texts the public will read (comments, residents' questions, minutes): what
    looks like personal data (portal.personal_data) is named in a column of the list
    and, with the very words, on the object's page, so that the moderator sees it
    before approving. The public reads those words masked whatever is decided; the
    text stays as written."""

    # The fields to look into.
    personal_data_fields: tuple[str, ...] = ()

    def personal_data_in(self, obj) -> list[personal_data.Finding]:
        return [
            finding
            for name in self.personal_data_fields
            for finding in personal_data.find(getattr(obj, name) or "")
        ]

    def personal_data_kinds(self, obj) -> list["StrOrPromise"]:
        texts = (getattr(obj, name) or "" for name in self.personal_data_fields)
        return personal_data.describe(*texts)

    @admin.display(description=_("personal data"))
    def personal_data_found(self, obj) -> str:
        return ", ".join(str(label) for label in self.personal_data_kinds(obj)) or "-"

    @admin.display(description=_("looks like personal data"))
    def personal_data_detail(self, obj) -> str:
        findings = self.personal_data_in(obj)
        if not findings:
            return gettext("nothing found")
        return format_html(
            "<ul>{}</ul><p>{}</p>",
            format_html_join(
                "",
                "<li>{}: <mark>{}</mark></li>",
                ((f.label, f.text) for f in findings),
            ),
            gettext("The public reads these masked."),
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "personal_data_found"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "personal_data_detail"]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or "personal_data_detail" in fields:
            return fields
        # Right after the last of the texts looked into.
        after = max(
            (
                fields.index(name)
                for name in self.personal_data_fields
                if name in fields
            ),
            default=len(fields) - 1,
        )
        return [*fields[: after + 1], "personal_data_detail", *fields[after + 1 :]]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.fieldsets:
            return fieldsets  # Django's one fieldset comes from get_fields above

        # Declared fieldsets: the words found go on a line of their own after the
        # last line that holds a text looked into, as get_fields places them.
        def looked_into(line) -> bool:
            names = line if isinstance(line, (list, tuple)) else (line,)
            return any(name in self.personal_data_fields for name in names)

        last = max(
            (
                (number, index)
                for number, (_name, options) in enumerate(fieldsets)
                for index, line in enumerate(options["fields"])
                if looked_into(line)
            ),
            default=None,
        )
        if last is None:
            return fieldsets
        number, index = last
        name, options = fieldsets[number]
        lines = list(options["fields"])
        lines.insert(index + 1, "personal_data_detail")
        return [
            *fieldsets[:number],
            (name, {**options, "fields": lines}),
            *fieldsets[number + 1 :],
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.warn_if_personal_data(request, obj)

    def warn_if_personal_data(self, request, obj) -> None:
        """After saving: say what was found, if anything."""
        kinds = self.personal_data_kinds(obj)
        if kinds:
            self.message_user(
                request,
                gettext(
                    "It holds what looks like personal data (%(found)s); the public "
                    "reads it masked."
                )
                % {"found": ", ".join(str(label) for label in kinds)},
                messages.WARNING,
            )

    def warn_of_personal_data(self, request, objects: Iterable) -> None:
        """After approving: say how many of them hold what looks like personal data."""
        flagged = [obj for obj in objects if self.personal_data_kinds(obj)]
        if flagged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d of them holds what looks like personal data; the "
                    "public reads it masked.",
                    "%(count)d of them hold what looks like personal data; the public "
                    "reads it masked.",
                    len(flagged),
                )
                % {"count": len(flagged)},
                messages.WARNING,
            )
