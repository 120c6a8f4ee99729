"""`{% kept "name" slug=event.slug %}...{% endkept %}`: the enclosed part of a
template, kept in the cache as the app declares `name` (see portal.kept). On a hit
the part is not rendered at all, so the querysets it reads are never run.

`keep=filters.is_valid` keeps what was rendered only when the value is true, read
after rendering: a filter no form writes is shown, and not kept, so that made-up
addresses cannot fill the cache with copies."""

from django import template
from django.template.base import FilterExpression, NodeList
from django.utils.safestring import SafeString

from portal import kept

register = template.Library()


class KeptNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: FilterExpression,
        by: dict[str, FilterExpression],
        keep: FilterExpression | None,
    ):
        self.nodelist, self.name, self.by, self.keep = nodelist, name, by, keep

    def render(self, context) -> SafeString:
        by = {key: value.resolve(context) for key, value in self.by.items()}

        def build() -> str | kept.Unkept:
            html = self.nodelist.render(context)
            if self.keep is not None and not self.keep.resolve(context):
                return kept.Unkept(html)
            return html

        return kept.html(
            self.name.resolve(context), build, request=context.get("request"), **by
        )


@register.tag("kept")
def do_kept(parser, token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% kept %} needs the name of what it keeps."
        )
    name = parser.compile_filter(bits[1])
    by = {}
    for bit in bits[2:]:
        key, equals, expression = bit.partition("=")
        if not equals:
            raise template.TemplateSyntaxError(
                f"{{% kept %}}: {bit!r} is not name=value."
            )
        by[key] = parser.compile_filter(expression)
    keep = by.pop("keep", None)
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, name, by, keep)
