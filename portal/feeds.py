"""What every Atom feed of the portal shares.

RFC 4287 asks of a feed an author, unless every entry has one: news articles may
have none (their author may not have a name on record) and reports never do, so the
portal itself is named as the feed's author, with its address.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class PortalFeed(Feed):
    feed_type = Atom1Feed

    def author_name(self) -> str:
        language = get_language() or "uk"
        raion = settings.RAION_NAME.get(language, settings.RAION_NAME["uk"])
        return f"{_('My Community. My Police')} · {raion}"

    def author_link(self) -> str:
        return settings.SITE_URL + reverse("home")
