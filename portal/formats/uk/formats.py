"""Ukrainian date formats: Django's, but a day and its month read as Ukrainian writes
them ("2 грудня", the month in the genitive), where Django's "d F" gives "02 Грудень"
(the back office's date drill-down, for one)."""

from django.conf.locale.uk.formats import *  # noqa: F403

MONTH_DAY_FORMAT = "j E"
