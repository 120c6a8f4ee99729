from datetime import datetime

from django import forms, template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, override

from portal import personal_data

register = template.Library()

# Rendered once per process and language: templates only change with a restart, which
# empties this too (the cached template loader makes the same assumption).
_rendered: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def render_once(template_name: str) -> SafeString:
    """Render a template that depends on nothing but the language, once.

    For the parts every page repeats (the emergency notice, the footer, the links to
    stylesheets), which would otherwise cost each page dozens of lookups.
    """
    key = (template_name, get_language())
    if key not in _rendered:
        context = {
            "raion_name": settings.RAION_NAME.get(key[1], settings.RAION_NAME["uk"])
        }
        _rendered[key] = mark_safe(render_to_string(template_name, context))  # noqa: S308
    return _rendered[key]


@register.filter
def styled(field):
    """The field's widget with Bootstrap's class for its kind (select or input)."""
    widget = field.field.widget
    kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
    classes = dict.fromkeys([*widget.attrs.get("class", "").split(), kind])
    return field.as_widget(attrs={"class": " ".join(classes)})


@register.filter(is_safe=False)
def masked(text: str) -> str:
    """Free text as the public reads it: phone numbers, e-mail and street addresses,
    tax, document and card numbers and number plates replaced by a translated mark
    (portal.personal_data). Escaped by whatever comes after, like the text itself."""
    return personal_data.mask(str(text)) if text else text


@register.filter(is_safe=False)
def words(text: str, number: int) -> str:
    """The first `number` words of `text`, ending with "…" where words were cut
    (Django's truncatewords adds a space before it)."""
    return Truncator(text).words(number)


@register.filter(expects_localtime=True)
def iso_seconds(moment: datetime) -> str:
    """The moment in ISO 8601 to the second, with the offset as +02:00 (Django's
    "c" adds microseconds, and no format letter writes the offset with a colon)."""
    return moment.isoformat(timespec="seconds")


@register.simple_tag
def ukrainian_only(obj, field: str) -> str:
    """On an English page, a notice that `obj`'s `field` (its main text) has no
    English yet, so what follows is in Ukrainian, with a link to the Ukrainian page."""
    english: str = getattr(obj, f"{field}_en", "")
    if get_language() != "en" or english:
        return ""
    with override("uk"):
        url = obj.get_absolute_url()
    return format_html(
        '<p class="alert alert-info ukrainian-only">{} '
        '<a href="{}" hreflang="uk">{}</a></p>',
        gettext("This is available in Ukrainian only."),
        url,
        gettext("Open the Ukrainian page"),
    )
