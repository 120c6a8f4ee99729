"""Markdown written by staff, rendered to HTML that is safe on a public page.

Python-Markdown turns the text into HTML; nh3 (a binding of the Rust `ammonia`
sanitiser) then keeps only the tags, attributes and link schemes below:
`javascript:` and other schemes are removed, and every link gets
`rel="noopener noreferrer"`. Raw HTML in the text goes through the same filter:
tags not listed are dropped, scripts and styles with their content.
"""

import re

import markdown as python_markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i",
    "ul", "ol", "li", "blockquote", "code", "pre", "a", "table", "thead", "tbody",
    "tr", "th", "td", "abbr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render(text: str, *, top: int = 2) -> SafeString:
    """The text as sanitised HTML, its headings moved so that the highest is `top`
    (the page owns the h1, and often an h2 above the text)."""
    html = python_markdown.markdown(
        text,
        extensions=["tables", "sane_lists"],
        output_format="html",
    )
    levels = [int(level) for level in re.findall(r"<h([1-6])>", html)]
    if levels:
        # Downwards from the deepest level, so that no heading moves twice.
        shift = top - min(levels)
        order = range(6, 0, -1) if shift > 0 else range(1, 7)
        for level in order:
            new = max(1, min(level + shift, 6))
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(
                f"</h{level}>", f"</h{new}>"
            )
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (sanitised by nh3 just above)
