"""The pages every cross-cutting test visits (headers, hosts, languages, validity).

Each feature app adds its public pages here as it lands, so that the portal-wide rules
are checked on every page.
"""

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/admin/login/",
    "/en/admin/login/",
    "/no-such-page/",
    "/en/no-such-page/",
]

# Back-office pages, opened as a coordinator.
STAFF_PAGES = [
    "/admin/",
    "/en/admin/",
    "/admin/portal/community/",
    "/admin/portal/auditentry/",
    "/admin/auth/user/",
]
