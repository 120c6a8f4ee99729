"""The access-control matrix: every URL pattern of the portal, requested as an
anonymous visitor, as the demo user of each role and as the superuser.

The table below is the portal's access policy, one row per URL pattern, with the
patterns DEBUG and BENCH_ENDPOINTS mount. A pattern without a row fails
test_every_url_pattern_has_a_row, and so does a row whose pattern is gone: whoever
adds a page decides here who may open it.

How to read the table:
- `[prefix name=value ...]` starts a section: its rows' routes are `prefix` followed
  by their own text (`.` for the prefix itself); `name=value` fills the route's
  `<name>`, and `{key}` is a demo object of access.seed(). The argument `query` is
  the query string.
- A row: the route, the method, then the expected answer in each column in the
  order of the header (one cell stands for all nine), then optional `name=value`
  and `-> target` for the cells that redirect. A route too long for its line
  stands alone, with the arguments of all its requests.
- An indented line is another request of the row above (another method, or other
  arguments: a draft, a wrong token), or the end of the request above it.
- Cells: the status code, or `L` for a redirect to the back office's log-in page
  with the address as `next`. `+` after a status: the request writes to the
  database. A request without it must write nothing (sessions aside), so every
  refusal is also a refusal without side effects.

Each request runs in Ukrainian (no prefix) in every column; routes under
i18n_patterns also run in English (/en/) in one column, a different one for each
row. A request that may change data runs in a transaction rolled back after it, so
every column finds the data as seed() left it. No answer may show a text of
access.PRIVATE (personal data, unpublished drafts) to a column that does not need
it.
"""

import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.access import (
    COLUMNS,
    LOGIN,
    PRIVATE,
    REDIRECTS,
    WRITES_MARK,
    Check,
    full_urlconf,
    login_url,
    parse,
    seed,
    walk,
    writes,
)

MATRIX = """
#                               anon res  opr  mon  prs  ana  dep  crd  su

# Outside the language prefix.
[]
healthz/                   GET  200
favicon.ico                GET  301  -> /static/img/favicon.svg
robots.txt                 GET  200
sitemap.xml                GET  200
sitemap-<slug:section>.xml GET  200  section=articles
                           GET  200  section=news
                           GET  200  section=reports
                           GET  200  section=priorities
                           GET  200  section=accountability
                           GET  200  section=event-pages
                           GET  200  section=events
                           GET  200  section=survey-pages
                           GET  200  section=surveys
                           GET  200  section=hotline
                           GET  404  section=complaints
# Public uploads, which Django serves itself with DEBUG on; files that only staff
# may open live elsewhere and are not found here.
media/<path>               GET  200  path={cover}
                           GET  404  path={attachment_file}
# Mounted only with BENCH_ENDPOINTS, never in a real deployment.
_bench/floor/              GET  200
_bench/floor-insert/       GET  405
                           POST 200+

# The portal's own pages.
[]
.                          GET  200
communities/               GET  200
                           GET  200  query=q=chuhuiv
communities/<slug:slug>/   GET  200  slug={community_slug}
search/                    GET  200
                           GET  200  query=q=чернетка
                           GET  200  query=q=Шахрайство&kind=articles

# The back office: the site's own pages. Residents and deputies have no account
# there; the log-in page tells them so.
[admin/]
.                          GET  L    L    200  200  200  200  L    200  200
login/                     GET  200  200  302  302  302  302  200  302  302
                                -> {lang}/admin/
                           POST 200
logout/                    GET  302  302  405  405  405  405  302  405  405
                                -> {lang}/admin/
                           POST 302  302  200  200  200  200  302  200  200
                                -> {lang}/admin/
password_change/           GET  L    L    200  200  200  200  L    200  200
                           POST L    L    200  200  200  200  L    200  200
password_change/done/      GET  L    L    200  200  200  200  L    200  200
autocomplete/              GET  L    L    403  403  403  403  L    403  403
                           POST L    L    405  405  405  405  L    405  405
jsi18n/                    GET  L    L    200  200  200  200  L    200  200
r/<path:content_type_id>/<path:object_id>/
                           GET  L    L    302  302  302  302  L    302  302
                                content_type_id={article_type} object_id={article}
                                -> http://testserver{lang}/news/{article_slug}/
                           GET  L    L    404  404  404  404  L    404  404
                           content_type_id={registration_type} object_id={registrant}
<app_label>/                    app_label=hotline
                           GET  L    L    200  200  404  200  L    200  200
<url>                           url=nothing/
                           GET  L    L    404  404  404  404  L    404  404

# Two-factor log-in. The second step and enrolment open to a session that gave the
# password alone (tests/test_two_factor.py); a session past them goes on to `next`.
# Each user sees and removes only their own devices, never the last one.
[admin/two-factor/]
.                          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/
                           POST L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/
enrol/                     GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/
                           POST L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/
devices/                   GET  L    L    200  200  200  200  L    200  200
recovery-codes/            GET  L    L    200  200  200  200  L    200  200
                           POST L    L    200  200  200  200  L    200  200
devices/<slug:kind>/<int:pk>/remove/  kind=totp pk={operator_device}
                           GET  L    L    200  404  404  404  L    404  404
                           POST L    L    302  404  404  404  L    404  404
                                -> {lang}/admin/two-factor/devices/

# Passkeys' JSON steps (django-otp-webauthn): adding one needs the second factor
# passed, answering one's challenge a staff member's password.
[admin/passkeys/]
registration/begin/        GET  403  403  405  405  405  405  403  405  405
                           POST 403  403  200+ 200+ 200+ 200+ 403  200+ 200+
registration/complete/     GET  403  403  405  405  405  405  403  405  405
                           POST 403  403  400  400  400  400  403  400  400
authentication/begin/      GET  403  403  405  405  405  405  403  405  405
                           POST 403  403  200  200  200  200  403  200  200
authentication/complete/   GET  403  403  405  405  405  405  403  405  405
                           POST 403  403  400  400  400  400  403  400  400
jsi18n/                    GET  200

# Places: everyone in the back office reads them; coordinators keep them.
[admin/portal/community/ object_id={community}]
.                          GET  L    L    200  200  200  200  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    200  200  200  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    200  200  200  200  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/portal/community/{community}/change/

[admin/portal/settlement/ object_id={settlement}]
.                          GET  L    L    200  200  200  200  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    200  200  200  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    200  200  200  200  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/portal/settlement/{settlement}/change/

# The audit log: monitors and coordinators read it; nobody changes it.
[admin/portal/auditentry/ object_id={auditentry}]
.                          GET  L    L    403  200  403  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    403  403
<path:object_id>/history/  GET  L    L    403  200  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  403
                           POST L    L    403  403  403  403  L    403  403
<path:object_id>/change/   GET  L    L    403  200  403  403  L    200  200
                           POST L    L    403  403  403  403  L    403  403
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/portal/auditentry/{auditentry}/change/

# Outgoing e-mail holds addresses and names: superusers only, read only.
[admin/portal/outboxmessage/ object_id={outbox}]
.                          GET  L    L    403  403  403  403  L    403  200
add/                       GET  L    L    403  403  403  403  L    403  403
<path:object_id>/history/  GET  L    L    403  403  403  403  L    403  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  403
                           POST L    L    403  403  403  403  L    403  403
<path:object_id>/change/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  403
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/portal/outboxmessage/{outbox}/change/

# Accounts: coordinators manage them, but never a superuser's.
[admin/auth/user/ object_id={user} id={user}]
<id>/two-factor/reset/     GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                                -> {lang}/admin/auth/user/{user}/change/
                           GET  L    L    403  403  403  403  L    404  403
                                id={superuser}
<id>/password/             GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
                           GET  L    L    403  403  403  403  L    404  200
                                id={superuser}
.                          GET  L    L    403  403  403  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    403  403  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/auth/user/
<path:object_id>/change/   GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
                           GET  L    L    403  403  403  403  L    302  200
                                object_id={superuser} -> {lang}/admin/
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/auth/user/{user}/change/

# Roles are groups kept by portal/roles.py: coordinators read them.
[admin/auth/group/ object_id={group}]
.                          GET  L    L    403  403  403  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/history/  GET  L    L    403  403  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/auth/group/
<path:object_id>/change/   GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/auth/group/{group}/change/

# The hotline's lists: triage staff and analysts read the categories, triage staff
# the units; coordinators keep both.
[admin/hotline/category/ object_id={category}]
.                          GET  L    L    200  200  403  200  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    200  200  403  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    200  200  403  200  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/hotline/category/{category}/change/

[admin/hotline/policeunit/ object_id={unit}]
.                          GET  L    L    200  200  403  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    200  200  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/hotline/policeunit/
<path:object_id>/change/   GET  L    L    200  200  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/hotline/policeunit/{unit}/change/

# The hotline's queue: operators and monitors triage; operators record calls and
# extend deadlines; monitors flag and refer; analysts read it without personal data.
[admin/hotline/complaint/ object_id={complaint} pk={complaint}]
<int:pk>/status/           GET  L    L    200  200  403  403  L    403  200
                           POST L    L    302+ 302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
<int:pk>/reply/            GET  L    L    200  200  403  403  L    403  200
                           POST L    L    302+ 302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
<int:pk>/extend/           GET  L    L    200  403  403  403  L    403  200
                           POST L    L    302+ 403  403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
<int:pk>/flag/             GET  L    L    403  200  403  403  L    403  200
                           POST L    L    403  302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
<int:pk>/refer/            GET  L    L    403  200  403  403  L    403  200
                           POST L    L    403  302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
flags/<int:flag_pk>/settle/     flag_pk={flag}
                           GET  L    L    200  200  403  403  L    403  200
                           POST L    L    302+ 302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
referrals/<int:referral_pk>/outcome/  referral_pk={referral}
                           GET  L    L    403  200  403  403  L    403  200
                           POST L    L    403  302+ 403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/{complaint}/change/
export/                    GET  L    L    200+ 200+ 403  200+ L    403  200+
.                          GET  L    L    200  200  403  200  L    403  200
add/                       GET  L    L    200  403  403  403  L    403  200
                           POST L    L    200  403  403  403  L    403  200
<path:object_id>/history/  GET  L    L    200  200  403  200  L    403  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/hotline/complaint/
<path:object_id>/change/   GET  L    L    200+ 200+ 403  200  L    403  200+
                           POST L    L    200  200  403  403  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/hotline/complaint/{complaint}/change/

# Surveys: analysts build them, export and publish; coordinators key in paper
# questionnaires.
[admin/surveys/surveyseries/ object_id={series}]
.                          GET  L    L    403  403  403  200  L    403  200
add/                       GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/history/  GET  L    L    403  403  403  200  L    403  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/surveys/surveyseries/{series}/change/

[admin/surveys/survey/ object_id={survey} pk={survey} export_pk={export}]
<int:pk>/export/                pk={published_survey}
                           GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200+ L    403  200+
<int:pk>/codebook/         GET  L    L    403  403  403  200  L    403  200
exports/<int:export_pk>/   GET  L    L    403  403  403  200  L    403  200
exports/<int:export_pk>/download/
                           GET  L    L    403  403  403  200  L    403  200
<int:pk>/codes/                 pk={codes_survey}
                           GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  302+ L    403  302+
                                -> {lang}/admin/surveys/survey/{codes_survey}/codes/
<int:pk>/paper/            GET  L    L    403  403  403  200  L    200  200
                           POST L    L    403  403  403  200  L    200  200
<int:pk>/publish/               pk={sealed_survey}
                           GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  302+ L    403  302+
                                -> {lang}/admin/surveys/survey/{sealed_survey}/change/
.                          GET  L    L    403  403  403  200  L    200  200
                           POST L    L    403  403  403  302+ L    200  302+
                                -> {lang}/admin/surveys/survey/
add/                       GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/history/  GET  L    L    403  403  403  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    403  403  403  200  L    200  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/surveys/survey/{survey}/change/

[admin/surveys/question/ object_id={question}]
.                          GET  L    L    403  403  403  200  L    403  200
add/                       GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/history/  GET  L    L    403  403  403  200  L    403  200
<path:object_id>/delete/   GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  302+ L    403  302+
                                -> {lang}/admin/surveys/question/
<path:object_id>/change/   GET  L    L    403  403  403  200  L    403  200
                           POST L    L    403  403  403  200  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/surveys/question/{question}/change/

# Events: press officers and coordinators schedule them; only coordinators see
# registrants and requests for lectures.
[admin/events/eventrequest/ object_id={eventrequest} pk={eventrequest}]
<int:pk>/decline/          GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                                -> {lang}/admin/events/eventrequest/
.                          GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                                -> {lang}/admin/events/eventrequest/
add/                       GET  L    L    403  403  403  403  L    403  200
<path:object_id>/history/  GET  L    L    403  403  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/events/eventrequest/
<path:object_id>/change/   GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                           -> {lang}/admin/events/eventrequest/{eventrequest}/change/

[admin/events/audience/ object_id={audience}]
.                          GET  L    L    403  403  200  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    403  200
<path:object_id>/history/  GET  L    L    403  403  200  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/events/audience/
<path:object_id>/change/   GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/events/audience/{audience}/change/

[admin/events/event/ object_id={event} pk={event}]
<int:pk>/status/           GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  302+ 403  L    302+ 302+
                                -> {lang}/admin/events/event/{event}/change/
<int:pk>/checkin/          GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                                -> {lang}/admin/events/event/{event}/checkin/
<int:pk>/registrations.csv GET  L    L    403  403  403  403  L    200+ 200+
.                          GET  L    L    403  403  200  403  L    200  200
add/                       GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/history/  GET  L    L    403  403  200  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/events/event/
<path:object_id>/change/   GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/events/event/{event}/change/

# Accountability: press officers write and publish reports and answer questions;
# coordinators keep priorities and formations (with their contacts); monitors,
# analysts and coordinators read reports and priorities.
[admin/accountability/report/ object_id={report} pk={report}]
<int:pk>/status/           GET  L    L    403  403  200  403  L    403  200
                           POST L    L    403  403  302+ 403  L    403  302+
                                -> {lang}/admin/accountability/report/{report}/change/
.                          GET  L    L    403  200  200  200  L    200  200
                           POST L    L    403  200  302+ 200  L    200  302+
                                -> {lang}/admin/accountability/report/
add/                       GET  L    L    403  403  200  403  L    403  200
                           POST L    L    403  403  200  403  L    403  200
<path:object_id>/history/  GET  L    L    403  200  200  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/accountability/report/
<path:object_id>/change/   GET  L    L    403  200  200  200  L    200  200
                           POST L    L    403  403  200  403  L    403  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/accountability/report/{report}/change/

[admin/accountability/reportquestion/ object_id={asked}]
.                          GET  L    L    403  403  200  403  L    403  200
                           POST L    L    403  403  302+ 403  L    403  302+
                                -> {lang}/admin/accountability/reportquestion/
add/                       GET  L    L    403  403  403  403  L    403  403
<path:object_id>/history/  GET  L    L    403  403  200  403  L    403  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/accountability/reportquestion/
<path:object_id>/change/   GET  L    L    403  403  200  403  L    403  200
                           POST L    L    403  403  302+ 403  L    403  302+
                                -> {lang}/admin/accountability/reportquestion/
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                           -> {lang}/admin/accountability/reportquestion/{asked}/change/

[admin/accountability/priority/ object_id={priority} pk={priority}]
<int:pk>/status/           GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                           -> {lang}/admin/accountability/priority/{priority}/change/
candidates/                GET  L    L    403  200  200  200  L    200  200
.                          GET  L    L    403  200  200  200  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    403  200  200  200  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/accountability/priority/
<path:object_id>/change/   GET  L    L    403  200  200  200  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                           -> {lang}/admin/accountability/priority/{priority}/change/

[admin/accountability/formation/ object_id={formation}]
.                          GET  L    L    403  403  200  403  L    200  200
add/                       GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/history/  GET  L    L    403  403  200  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/accountability/formation/
<path:object_id>/change/   GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  403  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                           -> {lang}/admin/accountability/formation/{formation}/change/

# News and prevention guides: press officers and coordinators write and publish;
# coordinators moderate readers' comments.
[admin/news/topic/ object_id={topic}]
.                          GET  L    L    403  403  200  403  L    200  200
add/                       GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/history/  GET  L    L    403  403  200  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  200
<path:object_id>/change/   GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/news/topic/{topic}/change/

[admin/news/article/ object_id={article}]
.                          GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  302+ 403  L    302+ 302+
                                -> {lang}/admin/news/article/
add/                       GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/history/  GET  L    L    403  403  200  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/news/article/
<path:object_id>/change/   GET  L    L    403  403  200  403  L    200  200
                           POST L    L    403  403  200  403  L    200  200
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/news/article/{article}/change/

[admin/news/comment/ object_id={pending_comment}]
.                          GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    302+ 302+
                                -> {lang}/admin/news/comment/
add/                       GET  L    L    403  403  403  403  L    403  403
<path:object_id>/history/  GET  L    L    403  403  403  403  L    200  200
<path:object_id>/delete/   GET  L    L    403  403  403  403  L    403  200
                           POST L    L    403  403  403  403  L    403  302+
                                -> {lang}/admin/
<path:object_id>/change/   GET  L    L    403  403  403  403  L    200  200
                           POST L    L    403  403  403  403  L    403  403
<path:object_id>/          GET  L    L    302  302  302  302  L    302  302
                                -> {lang}/admin/news/comment/{pending_comment}/change/

# The hotline's public side. A complaint's files are for those handling it.
[hotline/]
.                          GET  200
new/                       GET  200
                           POST 200
track/                     GET  200
                           POST 200
track/add/                 GET  405
                           POST 200
track/rate/                GET  405
                           POST 200
stats/                     GET  200
stats.csv                  GET  200
stats.json                 GET  200
settlements.json           GET  200  query=community={community}
                           GET  404  query=community=nothing
                           GET  404
attachments/<uuid:public_id>/   public_id={attachment}
                           GET  404  404  200+ 200+ 404  404  404  404  200+
                           POST 405
# A photo's small copy on the complaint's page: the same readers, the same log; a
# PDF has none.
attachments/<uuid:public_id>/preview/   public_id={photo}
                           GET  404  404  200+ 200+ 404  404  404  404  200+
                           POST 405
                           GET  404  public_id={attachment}

# Surveys. Results stay sealed until published, except to those who publish them;
# a closed survey prints only for those who key in paper questionnaires.
[surveys/ slug={published_survey_slug}]
.                          GET  200
<slug:slug>/               GET  200
                           GET  200  slug={survey_slug}
                           POST 200  slug={survey_slug}
<slug:slug>/thanks/        GET  200
<slug:slug>/print/         GET  404  404  404  404  404  200  404  200  200
                           GET  200  slug={survey_slug}
<slug:slug>/results/       GET  200
                           GET  404  404  404  404  404  200  404  404  200
                                slug={sealed_survey_slug}

# Events. A registration's private link is its own key: it needs no account.
[events/ slug={event_slug} token={registration}]
.                          GET  200
archive/                   GET  200
month/                     GET  200
month/<int:year>/<int:number>/
                           GET  200  year=2026 number=12
calendar.ics               GET  200
request/                   GET  200
                           POST 200
registration/<str:token>/  GET  200
                           GET  404  token=not-a-token
registration/<str:token>/cancel/
                           GET  405
                           POST 302+
                                -> {lang}/events/registration/{registration}/
                           POST 404  token=not-a-token
registration/<str:token>/certificate/
                           GET  200  token={certificate}
                           GET  404
registration/<str:token>/accept/  token={offered}
                           GET  405
                           POST 302+ -> {lang}/events/registration/{offered}/
                           POST 200  token={registration}
                           POST 404  token=not-a-token
<slug:slug>/               GET  200
                           POST 200
                           GET  404  slug={draft_event}
<slug:slug>/event.ics      GET  200
                           GET  404  slug={draft_event}

# Accountability. Drafts are for the staff who read reports.
[accountability/ slug={report_slug} pk={priority} token={follow}]
reports/                   GET  200
reports/feed/              GET  200
reports/<slug:slug>/       GET  200
                           GET  404  404  404  200  200  200  404  200  200
                                slug={draft_report}
reports/<slug:slug>/questions/
                           GET  405
                           POST 400
priorities/                GET  200
priorities/<int:pk>/       GET  200
priorities/<int:pk>/support/
                           GET  405
                           POST 302+
                                -> {lang}/accountability/priorities/{priority}/
follow/community/<slug:key>/    key={community_slug}
                           GET  200
                           POST 400
follow/priority/<int:key>/ GET  200  key={priority}
following/<str:token>/     GET  200
                           POST 200+
                           GET  404  token=not-a-token
following/<str:token>/stop/
                           GET  200
                           POST 200+
                           GET  200  token=not-a-token
formations/                GET  200
opendata/                  GET  200
opendata/datapackage.json  GET  200
opendata/<slug:name>.csv   GET  200  name=formations
                           GET  200  name=reports
                           GET  200  name=priorities
                           GET  404  name=complaints
opendata/<slug:name>.json  GET  200  name=formations
                           GET  200  name=reports
                           GET  200  name=priorities
                           GET  404  name=complaints

# News, prevention guides and readers' comments. Drafts are for their writers.
[]
news/                      GET  200
news/feed/                 GET  200
news/<slug:slug>/          GET  200  slug={article_slug}
                           GET  404  404  404  404  200  404  404  200  200
                                slug={draft_article}
prevention/                GET  200
prevention/feed/           GET  200
prevention/<slug:slug>/    GET  200  slug={guide_slug}
                           GET  404  slug={article_slug}
                           GET  404  404  404  404  200  404  404  200  200
                                slug=zaplanovano-shakhraistvo-sviata
comments/<str:target>/<int:pk>/
                           GET  405  target=news.article pk={article}
                           POST 400  target=news.article pk={article}
                           POST 404  target=hotline.complaint pk={complaint}
                           POST 404  target=news.article pk={draft_article_pk}
                           POST 404  target=accountability.report pk={draft_report_pk}
comments/<int:pk>/report/  GET  200  pk={comment}
                           POST 400  pk={comment}
                           GET  404  pk={pending_comment}
"""

CHECKS = parse(MATRIX)
ROUTES = list(dict.fromkeys(check.route for check in CHECKS))

# What POST requests send: a valid form where a column may act (it then succeeds,
# and is rolled back), the same form where it may not (it must then change nothing).
POST_BODIES = {
    "admin/hotline/complaint/<int:pk>/status/": {
        "new_status": "triage",
        "internal_note": "Взято в роботу.",
    },
    "admin/hotline/complaint/<int:pk>/reply/": {
        "public_text": "Дякуємо, розглядаємо.",
        "internal_note": "",
    },
    "admin/hotline/complaint/<int:pk>/extend/": {
        "new_due": "{in_40_days}",
        "reason": "Потрібна додаткова перевірка.",
    },
    "admin/hotline/complaint/<int:pk>/flag/": {"reason": "Не згодні з категорією."},
    "admin/hotline/complaint/<int:pk>/refer/": {
        "body": "prosecutor",
        "referred_on": "{today}",
    },
    "admin/hotline/complaint/flags/<int:flag_pk>/settle/": {"note": "Погодили."},
    "admin/hotline/complaint/referrals/<int:referral_pk>/outcome/": {
        "outcome": "Відкрито провадження.",
        "outcome_on": "{today}",
    },
    "admin/surveys/survey/<int:pk>/export/": {
        "format": "csv",
        "layout": "wide",
        "language": "uk",
    },
    "admin/surveys/survey/<int:pk>/codes/": {"count": "2", "batch": "Школа №2"},
    "admin/surveys/survey/": {
        "action": "copy_as_new_wave",
        "_selected_action": "{survey}",
        "index": "0",
    },
    "admin/events/eventrequest/<int:pk>/decline/": {"reason": "Немає лектора."},
    "admin/events/eventrequest/": {
        "action": "accept",
        "_selected_action": "{eventrequest}",
        "index": "0",
    },
    "admin/events/event/<int:pk>/status/": {"status": "postponed", "note": "Ремонт."},
    "admin/events/event/<int:pk>/checkin/": {"present": "{registrant}"},
    "admin/accountability/report/<int:pk>/status/": {
        "status": "withdrawn",
        "note": "Помилка в цифрах.",
    },
    "admin/accountability/report/": {
        "action": "refill_figures",
        "_selected_action": "{draft_report_pk}",
        "index": "0",
    },
    "admin/accountability/reportquestion/": {
        "action": "approve",
        "_selected_action": "{asked}",
        "index": "0",
    },
    "admin/accountability/priority/<int:pk>/status/": {
        "status": "dropped",
        "note": "Питання не належить до повноважень поліції.",
    },
    "admin/news/article/": {
        "action": "publish",
        "_selected_action": "{draft_article_pk}",
        "index": "0",
    },
    "admin/news/comment/": {
        "action": "approve",
        "_selected_action": "{pending_comment}",
        "index": "0",
    },
    "hotline/new/": {"kind": "complaint"},
    "hotline/track/": {"receipt": "0000-0000-0000-0000"},
    "hotline/track/add/": {"receipt": "0000-0000-0000-0000", "text": "Ще одне."},
    "hotline/track/rate/": {"receipt": "0000-0000-0000-0000", "satisfaction": "5"},
    "surveys/<slug:slug>/": {"q_unknown": "1"},
    "events/request/": {"email": "not-an-address"},
    "events/<slug:slug>/": {"email": "not-an-address"},
    "accountability/reports/<slug:slug>/questions/": {"text": ""},
    "accountability/follow/community/<slug:key>/": {"email": "not-an-address"},
    "comments/<str:target>/<int:pk>/": {"comment-name": "", "comment-text": ""},
    "comments/<int:pk>/report/": {"reason": ""},
}
# Deleting asks for a confirmation; this is the confirmed form.
DELETE_BODY = {"post": "yes"}


# Where a column that needs each private text finds it: the privacy check of
# test_access looks for texts that the pages really show.
COMPLAINT_PAGE = "/admin/hotline/complaint/{complaint}/change/"
SHOWN = {
    "Соломія Таємниченко": ("operator", COMPLAINT_PAGE),
    "вулиця Потаємна, 7": ("operator", COMPLAINT_PAGE),
    "tayemnychenko@example.org": ("operator", COMPLAINT_PAGE),
    "+380670007331": ("operator", COMPLAINT_PAGE),
    "Патрульні не приїхали на виклик до будинку Таємниченків.": (
        "monitor",
        COMPLAINT_PAGE,
    ),
    "Категорію обрано хибно: це бездіяльність, а не грубість.": (
        "monitor",
        COMPLAINT_PAGE,
    ),
    "ОМБ-Таємна-42": ("operator", COMPLAINT_PAGE),
    "Гордій Реєстрований": ("coordinator", "/admin/events/event/{event}/change/"),
    "gordii.registrant@example.org": (
        "coordinator",
        "/admin/events/event/{event}/registrations.csv",
    ),
    "Ірина Запитувачка": (
        "coordinator",
        "/admin/events/eventrequest/{eventrequest}/change/",
    ),
    "school.requester@example.org": (
        "coordinator",
        "/admin/events/eventrequest/{eventrequest}/change/",
    ),
    "Остап Контактний": (
        "coordinator",
        "/admin/accountability/formation/{formation}/change/",
    ),
    "ostap.contact@example.org": (
        "coordinator",
        "/admin/accountability/formation/{formation}/change/",
    ),
    "commenter.hidden@example.org": (
        "coordinator",
        "/admin/news/comment/{pending_comment}/change/",
    ),
    "Звіт-чернетка про освітлення Зоряної": (
        "analyst",
        "/accountability/reports/{draft_report}/",
    ),
    "Підсумки року (чернетка)": ("press", "/news/{draft_article}/"),
    "Шахрайство перед святами": (
        "coordinator",
        "/prevention/zaplanovano-shakhraistvo-sviata/",
    ),
    "Чернетка: зустріч у Кочетку": (
        "press",
        "/admin/events/event/?status__exact=draft",
    ),
    "Коментар на модерації від Ковбасюка.": ("coordinator", "/admin/news/comment/"),
    "Чому темно на вулиці Зоряній?": ("press", "/admin/accountability/reportquestion/"),
    "follower@example.org": ("admin", "/admin/portal/outboxmessage/{outbox}/change/"),
}


def test_every_url_pattern_has_a_row(tmp_path):
    """A new page without a row fails here, as does a row whose page is gone."""
    urlconf = full_urlconf(tmp_path)
    patterns = {route.route: route for route in walk(urlconf.urlpatterns)}
    unlisted = [
        f"{route} ({pattern.name or 'unnamed'})"
        for route, pattern in patterns.items()
        if route not in ROUTES
    ]
    gone = [route for route in ROUTES if route not in patterns]
    assert not (unlisted or gone), (
        "URL patterns without a row in MATRIX:\n  "
        + "\n  ".join(unlisted or ["none"])
        + "\nMATRIX rows whose URL pattern is gone:\n  "
        + "\n  ".join(gone or ["none"])
    )


def test_the_portals_urlconf_is_within_the_fully_mounted_one(tmp_path):
    mounted = {route.route for route in walk(get_resolver().url_patterns)}

    assert mounted <= {
        route.route for route in walk(full_urlconf(tmp_path).urlpatterns)
    }


def test_post_bodies_belong_to_rows_that_post():
    posting = {check.route for check in CHECKS if check.method == "POST"}

    assert set(POST_BODIES) <= posting


@dataclass(frozen=True)
class Portal:
    ids: dict
    sessions: dict
    localised: set


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for the module inside a transaction that is rolled
    back at its end; a logged-in session for each column; which routes are under
    the language prefix."""
    media = tmp_path_factory.mktemp("media")
    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    kept = {key: private.__dict__.get(key) for key in ("location", "base_location")}
    private.location = private.base_location = str(tmp_path_factory.mktemp("private"))
    urlconf = full_urlconf(media)
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                MEDIA_ROOT=media,
                ROOT_URLCONF=urlconf.__name__,
                # The demo users' passwords: hashing strength is Django's business.
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
            transaction.atomic(),
        ):
            ids = seed()
            sessions = {}
            for column in COLUMNS[1:]:
                client = Client()
                client.force_login(User.objects.get(username=column))
                sessions[column] = client.cookies[settings.SESSION_COOKIE_NAME].value
            # Each staff column's authenticator app, made as it signed in.
            ids["operator_device"] = str(
                TOTPDevice.objects.get(user__username="operator").pk
            )
            localised = {
                route.route for route in walk(urlconf.urlpatterns) if route.i18n
            }
            yield Portal(ids, sessions, localised)
            transaction.set_rollback(True)
    finally:
        for key, value in kept.items():
            if value is None:
                private.__dict__.pop(key, None)
            else:
                setattr(private, key, value)


@pytest.mark.parametrize("text", PRIVATE)
def test_each_private_text_is_shown_to_a_column_that_needs_it(text, portal, db):
    column, path = SHOWN[text]
    client = Client()
    client.cookies = SimpleCookie(
        {settings.SESSION_COOKIE_NAME: portal.sessions[column]}
    )

    response = client.get(path.format(**portal.ids))

    assert column in PRIVATE[text]
    assert response.status_code == 200
    assert text in _content(response)


@pytest.mark.parametrize("route", ROUTES)
def test_access(route, portal, db):
    """Every request of the route's row answers as the table says, refusals write
    nothing, and no answer shows a column data it does not need."""
    client = Client()
    # In English, one column, another for each row.
    english = COLUMNS[ROUTES.index(route) % len(COLUMNS)]
    failures = []
    for check in (check for check in CHECKS if check.route == route):
        for column, cell in zip(COLUMNS, check.cells, strict=True):
            failures += Request(check, check.method, column, "uk").send(
                client, cell, portal
            )
            if column == english and route in portal.localised:
                failures += Request(check, check.method, column, "en").send(
                    client, cell, portal
                )
    assert not failures, f"{route}:\n" + "\n".join(failures)


@dataclass(frozen=True)
class Request:
    check: Check
    method: str
    column: str
    language: str

    def send(self, client: Client, cell: str, portal: Portal) -> list[str]:
        """Send the request and return what differs from `cell` and from the
        privacy rules."""
        path = self.check.path(portal.ids)
        if self.language == "en":
            path = "/en" + path
        session = portal.sessions.get(self.column)
        client.cookies = SimpleCookie(
            {settings.SESSION_COOKIE_NAME: session} if session else {}
        )
        if self.method == "POST" and not self.check.route.startswith("admin/"):
            cache.clear()  # no rate limit carries over from another cell
        # A request that may change something runs in a transaction rolled back
        # after it, so that each column finds the data as seeded.
        changes = self.method == "POST" or cell.endswith(WRITES_MARK)
        with (
            CaptureQueriesContext(connection) as queries,
            transaction.atomic() if changes else nullcontext(),
        ):
            if self.method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, self.body(portal.ids))
            content = _content(response)
            if changes:
                transaction.set_rollback(True)
        where = f"{self.method} {path} as {self.column}"
        failures = []
        expected, got = self.expected(cell, path, portal.ids), _answer(response)
        if got != expected:
            failures.append(f"{where}: expected {expected}, got {got}")
        written = writes(queries.captured_queries)
        if written and not cell.endswith(WRITES_MARK):
            failures.append(f"{where}: wrote {written}")
        if cell.endswith(WRITES_MARK) and not written:
            failures.append(f"{where}: wrote nothing")
        for text, columns in PRIVATE.items():
            if self.column not in columns and text in content:
                failures.append(f"{where}: shows {text!r}")
        return failures

    def body(self, ids: dict) -> dict:
        default = DELETE_BODY if self.check.route.endswith("/delete/") else {}
        body = POST_BODIES.get(self.check.route, default)
        return {name: value.format(**ids) for name, value in body.items()}

    def expected(self, cell: str, path: str, ids: dict) -> str:
        cell = cell.removesuffix(WRITES_MARK)
        if cell == LOGIN:
            return f"302 -> {login_url(path, self.language)}"
        if cell in REDIRECTS:
            lang = "/en" if self.language == "en" else ""
            return f"{cell} -> {self.check.target.format(lang=lang, **ids)}"
        return cell


def _answer(response) -> str:
    if response.status_code in {301, 302}:
        return f"{response.status_code} -> {response['Location']}"
    return str(response.status_code)


def _content(response) -> str:
    if response.streaming:
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return data.decode("utf-8", errors="replace")


# The back office, followed link by link: whatever it offers a role, the role may open.
# Its links to the public site ("view on site", previews, results) are opened too, but
# not followed further.

LINK = re.compile(r'href="(/[^"#?]*)')
# Pages of one pattern (digits stand for any number) visited per role: enough to meet
# objects in each state of the demo data, few enough for the crawl to stay quick.
BACK_OFFICE_PER_PATTERN = 6
BACK_OFFICE_PAGES = 800  # per role; a bound, should a page make links without end


@pytest.mark.parametrize(
    "column", ["operator", "monitor", "press", "analyst", "coordinator", "admin"]
)
def test_no_back_office_link_leads_a_role_to_a_refusal(column, portal, db):
    client = Client()
    client.cookies = SimpleCookie(
        {settings.SESSION_COOKIE_NAME: portal.sessions[column]}
    )
    seen, queue, refused = {"/admin/"}, ["/admin/"], []
    came_from: dict[str, str | None] = {"/admin/": None}
    patterns: Counter[str] = Counter()

    def offer(link: str, page: str) -> None:
        pattern = re.sub(r"\d+", "N", link)
        if not link.startswith("/admin/"):  # a public page: its section is enough
            pattern = "/".join(pattern.split("/")[:3])
        if link not in seen and patterns[pattern] < BACK_OFFICE_PER_PATTERN:
            patterns[pattern] += 1
            seen.add(link)
            queue.append(link)
            came_from[link] = page

    while queue and len(seen) < BACK_OFFICE_PAGES:
        path = queue.pop(0)
        with transaction.atomic():
            response = client.get(path)
            content = _content(response)
            transaction.set_rollback(True)
        answer = _answer(response)
        if answer[:3] in REDIRECTS and "/login/" not in response["Location"]:
            target = response["Location"].removeprefix("http://testserver")
            if target.startswith("/"):
                offer(target.split("?")[0], path)  # "view on site" leads here
            continue
        if response.status_code != 200:
            refused.append(f"{path}: {answer} from {came_from[path]}")
            continue
        if not path.startswith("/admin/") or "html" not in response["Content-Type"]:
            continue
        for link in LINK.findall(content):
            if not link.startswith(("/admin/logout/", "/static/")):
                offer(link, path)

    assert len(seen) < BACK_OFFICE_PAGES, "the crawl stopped before the end"
    assert not refused, f"links offered to {column} that fail:\n" + "\n".join(refused)
