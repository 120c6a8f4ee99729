"""The admin's date drill-down without its DISTINCT over the whole list.

templates/admin/change_list.html puts it in the place of Django's own for every
admin with a `date_hierarchy`.
"""

from calendar import monthrange
from datetime import date, datetime

from django import template
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def date_hierarchy_by_range(cl) -> dict:
    """Django's date hierarchy, offering each year, month or day from the first to
    the last date of the list.

    Django offers only the periods that hold rows, found by a SELECT DISTINCT over
    the whole list: on a table of a million complaints, a scan of every row on every
    visit. The first and the last date are one query that an index on the field
    answers, so a period without rows is offered too, and leads to an empty list.
    """
    name = cl.date_hierarchy
    year, month, day = (cl.params.get(f"{name}__{part}") for part in PARTS)
    context = {
        "show": True,
        "field_name": get_fields_from_path(cl.model, name)[-1].verbose_name,
    }

    def link(**parts) -> str:
        chosen = {f"{name}__{part}": value for part, value in parts.items()}
        return cl.get_query_string(chosen, [f"{name}__"])

    if year and month and day:
        chosen = date(int(year), int(month), int(day))
        return context | {
            "back": {"link": link(year=year, month=month), "title": _month(chosen)},
            "choices": [{"title": _day(chosen)}],
        }
    span = cl.queryset.aggregate(first=Min(name), last=Max(name))
    if span["first"] is None:
        return context | {"back": _back(link, year, month), "choices": []}
    first, last = _local_date(span["first"]), _local_date(span["last"])
    if not year and first.year == last.year:
        # Like Django: a list within one year (or month) opens at its months (days).
        year = first.year
        if first.month == last.month:
            month = first.month
    if year and month:
        year, month = int(year), int(month)
        start = first.day if (first.year, first.month) == (year, month) else 1
        end = (
            last.day
            if (last.year, last.month) == (year, month)
            else monthrange(year, month)[1]
        )
        choices = [
            {
                "link": link(year=year, month=month, day=number),
                "title": _day(date(year, month, number)),
            }
            for number in range(start, end + 1)
        ]
    elif year:
        year = int(year)
        start = first.month if first.year == year else 1
        end = last.month if last.year == year else 12
        choices = [
            {
                "link": link(year=year, month=number),
                "title": _month(date(year, number, 1)),
            }
            for number in range(start, end + 1)
        ]
    else:
        choices = [
            {"link": link(year=number), "title": str(number)}
            for number in range(first.year, last.year + 1)
        ]
    return context | {"back": _back(link, year, month), "choices": choices}


PARTS = ("year", "month", "day")


def _back(link, year, month) -> dict | None:
    if year and month:
        return {"link": link(year=year), "title": str(year)}
    if year:
        return {"link": link(), "title": gettext("All dates")}
    return None


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _month(day: date) -> str:
    return capfirst(formats.date_format(day, "YEAR_MONTH_FORMAT"))


def _day(day: date) -> str:
    return capfirst(formats.date_format(day, "MONTH_DAY_FORMAT"))
