"""Compile the portal's .po catalogues into .mo files without GNU gettext.

Django's `compilemessages` needs the gettext tools, which a fresh machine may lack;
polib writes the same binary catalogues in pure Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po of the portal into a .mo file."

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{po_path}: {error}") from error
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                self.stdout.write(
                    f"{po_path}: {len(catalogue.translated_entries())} translated, "
                    f"{len(catalogue.untranslated_entries())} untranslated, "
                    f"{len(catalogue.fuzzy_entries())} fuzzy"
                )
        if not compiled:
            raise CommandError("No .po catalogue was found in LOCALE_PATHS.")
