"""The pages every cross-cutting test visits (headers, hosts, languages, validity).

Each feature app adds its pages here as it lands, so that the portal-wide rules are
checked on every page. `{complaint}` stands for the id of a complaint that
`make_page_data` creates.
"""

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/admin/login/",
    "/en/admin/login/",
    "/no-such-page/",
    "/en/no-such-page/",
    "/hotline/",
    "/en/hotline/",
    "/hotline/new/",
    "/en/hotline/new/",
    "/hotline/track/",
    "/hotline/stats/",
    "/en/hotline/stats/",
]

# Back-office pages, opened as a superuser.
STAFF_PAGES = [
    "/admin/",
    "/en/admin/",
    "/admin/portal/community/",
    "/admin/portal/auditentry/",
    "/admin/auth/user/",
    "/admin/hotline/complaint/",
    "/admin/hotline/complaint/?due=overdue",
    "/admin/hotline/complaint/add/",
    "/admin/hotline/complaint/{complaint}/change/",
    "/en/admin/hotline/complaint/{complaint}/status/",
    "/admin/hotline/complaint/{complaint}/extend/",
]


def make_page_data() -> dict:
    """Create what the listed pages need; returns the ids to put into their paths."""
    from hotline import actions
    from hotline.models import Complaint
    from portal.models import Community

    community = Community.objects.create(
        slug="c", name="Громада", name_en="Community", kind="urban"
    )
    complaint = Complaint(
        kind="problem",
        community=community,
        occurred_on="2026-01-05",
        description="Не горять ліхтарі.",
        path="formal",
        full_name="Олена Петренко",
        residence="Чугуїв",
        phone="+380500000000",
    )
    actions.file_complaint(complaint, files=[])
    return {"complaint": complaint.pk}


def fill(paths: list[str], ids: dict) -> list[str]:
    return [path.format(**ids) for path in paths]
