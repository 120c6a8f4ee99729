"""Plain Django forms laid out as the admin lays out its change forms.

The portal's own back-office pages (a status change, a reply, the step before a
report, a check-in) ask with forms that no ModelAdmin builds. Wrapped in the admin's
AdminForm, such a form goes through admin/includes/fieldset.html like the change form
next to it, so labels, help, errors, checkboxes and radio groups sit where the admin
puts them and move with the admin's own styles from one Django version to the next.
Used by the pages that extend admin/portal/page.html.
"""

from collections.abc import Iterable
from typing import Any, cast

from django import forms, template
from django.contrib.admin.helpers import AdminForm
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils import csp
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The classes that the admin's own widgets (ModelAdmin.formfield_for_dbfield) give
# these plain widgets, and with them the admin's widths: a reply gets the admin's
# wide text area, not the browser's 40 columns.
ADMIN_CLASSES: dict[type[forms.Widget], str] = {
    forms.TextInput: "vTextField",
    forms.EmailInput: "vTextField",
    forms.URLInput: "vURLField",
    forms.Textarea: "vLargeTextField",
    forms.RadioSelect: "radiolist",
}
# What the browser's own date and time pickers read.
NATIVE_FORMATS = {"date": "%Y-%m-%d", "time": "%H:%M"}

# As a ModelAdmin writes them: [(heading, {"fields": [name, (name, name), ...]})].
Fieldsets = list[tuple[Any, dict[str, Any]]]


@register.inclusion_tag("admin/portal/form.html")
def admin_form(
    form: forms.BaseForm,
    fieldsets: Fieldsets | None = None,
    heading: str | None = None,
    prefix: str = "fieldset",
) -> dict[str, Any]:
    """The form's error note, then its fields in the admin's aligned fieldsets.

    `fieldsets` are written as a ModelAdmin writes them; without them, every visible
    field goes into one fieldset headed `heading` (or not headed). Hidden fields that
    the fieldsets leave out are rendered before them, outside the rows: in a row, the
    label of one would point at no visible control.
    """
    if fieldsets is None:
        visible = [field.name for field in form.visible_fields()]
        fieldsets = [(heading, {"fields": visible})]
    named = {
        name
        for _heading, options in fieldsets
        for line in options["fields"]
        for name in ([line] if isinstance(line, str) else line)
    }
    for name in named:
        _admin_look(form.fields[name].widget)
    hidden = [field for field in form.hidden_fields() if field.name not in named]
    return {
        # AdminForm takes any form; its stubs ask for a ModelForm.
        "adminform": AdminForm(cast("forms.ModelForm[Any]", form), fieldsets, {}),
        "hidden_fields": hidden,
        # Errors that no row shows: the form's own and those of hidden fields.
        "top_errors": [
            *form.non_field_errors(),
            *(error for field in form.hidden_fields() for error in field.errors),
        ],
        "has_field_errors": any(
            name in form.fields and not form.fields[name].widget.is_hidden
            for name in form.errors
        ),
        "prefix": prefix,
    }


@register.simple_tag
def fieldsets_of(groups: Iterable[tuple[Any, Iterable[Any]]]) -> Fieldsets:
    """Admin fieldsets from (heading, rows) pairs, as a form groups its own fields.

    A row is a bound field, or a sequence in which the bound fields share one line
    (such as a question's answer and its "other" text); what else a row holds, such
    as the question itself, is left out.
    """
    fieldsets: Fieldsets = []
    for heading, rows in groups:
        lines: list[str | tuple[str, ...]] = []
        for row in rows:
            members = [row] if isinstance(row, BoundField) else row
            names = tuple(m.name for m in members if isinstance(m, BoundField))
            if names:
                lines.append(names[0] if len(names) == 1 else names)
        fieldsets.append((heading, {"fields": lines}))
    return fieldsets


@register.simple_tag(takes_context=True)
def admin_form_media(context, form: forms.BaseForm | str) -> SafeString:
    """The form's media, after the admin's JavaScript catalogue when it has scripts:
    the admin's calendar and its other widgets call gettext() from the catalogue.

    A page without a form passes the template's empty string."""
    if not isinstance(form, forms.BaseForm):
        return mark_safe("")
    media = form.media
    rendered = csp.nonce_attr(context, media)
    if not media.render_js():
        return rendered
    return format_html(
        '<script src="{}" {}></script>\n{}',
        reverse("admin:jsi18n"),
        csp.nonce_attr(context),
        rendered,
    )


def _admin_look(widget: forms.Widget) -> None:
    # Only the plain widgets, and only when the form chose no class of its own.
    css_class = ADMIN_CLASSES.get(type(widget))
    if css_class and "class" not in widget.attrs:
        widget.attrs["class"] = css_class
    # The browser's own date and time pickers read only ISO values: in the date
    # format of the language (04.12.2026), the initial date would show as none.
    if isinstance(widget, forms.DateInput | forms.TimeInput) and not widget.format:
        native = NATIVE_FORMATS.get(widget.input_type)
        if native:
            widget.format = native
