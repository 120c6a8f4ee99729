"""WSGI entry point for gunicorn, the development server and other WSGI servers.

Web requests' statements get the time limit DATABASE_STATEMENT_TIMEOUT (set before
any connection opens); Celery and management commands do not import this module, so
they run without it.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from portal.db import limit_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

limit_statements(settings.DATABASES, settings.DATABASE_STATEMENT_TIMEOUT * 1000)
application = get_wsgi_application()
