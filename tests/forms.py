"""Reading a form from a page's HTML, as a browser would submit it."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.data: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in attrs.get("name", "__prefix__"):
            if tag == "option" and self.select:
                self._option(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self.select, self.first_option = name, None
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self.first_option is None:
            self.first_option = value
        if "selected" in attrs and self.select:
            self.data[self.select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.removeprefix("\n")


def admin_form(page, form_id: str) -> dict:
    """What the admin form `form_id` on the page posts when submitted unchanged,
    read from its HTML as a browser would."""
    reader = _FormReader(form_id)
    reader.feed(page.text)
    return reader.data
