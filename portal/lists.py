"""Filtered lists of public pages: what their templates show, read only when a kept
copy does not answer (see portal.kept)."""

from urllib.parse import urlencode

import django_filters
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazystr


def filtered_page(
    request: HttpRequest,
    filters: django_filters.FilterSet,
    *,
    page_size: int,
    label: str,
) -> dict:
    """The filters, their page of results and the query string its page links
    carry: the chosen filter values only, since a kept list is shared, and any other
    parameter of one visitor's address is theirs alone. Nothing is read before the
    template asks for it."""
    queryset = filters.queryset
    if queryset is None:
        raise TypeError("A list's filters need the queryset they filter.")
    chosen = {name: request.GET.get(name, "") for name in filters.base_filters}

    def page():
        matching = filters.qs if filters.is_valid() else queryset.none()
        return Paginator(matching, page_size).get_page(request.GET.get("page", ""))

    return {
        "filters": filters,
        "label": label,
        "page": SimpleLazyObject(page),
        "query": lazystr(lambda: urlencode({k: v for k, v in chosen.items() if v})),
    }
