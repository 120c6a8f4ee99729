"""Every public page, every error page and every answer that sets a cookie grades A+
with no deduction on Mozilla's HTTP Observatory scale, with production settings."""

from urllib.parse import urljoin

import pytest
from django.test import Client
from django.urls import path

from news.models import CommentFlag
from portal import urls as portal_urls
from tests.factories import totp_code, totp_device
from tests.observatory import Exchange, grade, http_equiv_policies
from tests.observatory import exchange_from as read
from tests.pages import PUBLIC_PAGES, fill, make_page_data

HOST = "testserver"
# The scanner sends this Origin with its request, to see whether CORS lets it read.
ORIGIN = "https://http-observatory.security.mozilla.org"
ONE_YEAR = 31536000
SECURITY_HEADERS = {
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
}


def _fault(request):
    raise RuntimeError("a fault in a view")


# The portal's own URLs, and one that fails, for the 500 page.
urlpatterns = [path("fault/", _fault), *portal_urls.urlpatterns]


@pytest.fixture
def production(settings):
    """The settings that DEBUG=false gives in portal/settings.py."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    return settings


def plain_http_route(client: Client, page: str) -> list[str]:
    """The addresses a plain-HTTP request for the page goes through."""
    response = client.get(page, follow=True)
    route = [f"http://{HOST}{page}"]
    for url, _status in response.redirect_chain:
        route.append(urljoin(route[-1], url))
    return route


def scanned(response, page: str, route=None):
    return grade(read(response, url=f"https://{HOST}{page}", http_route=route))


def failures(scans) -> list[str]:
    """What falls short of the portal's own bar: A+ with no deduction, a policy that
    also locks objects, base URIs, form targets and framing, and HSTS that the
    browsers' preload list would accept."""
    found = []
    for page, scan in scans:
        csp = scan.result("content-security-policy").details.get("policy", {})
        hsts = scan.result("strict-transport-security").details
        problems = scan.deductions()
        if scan.grade != "A+":
            problems.append(f"grade {scan.grade}")
        problems += [
            f"CSP {flag}"
            for flag, wanted in [
                ("antiClickjacking", True),
                ("insecureBaseUri", False),
                ("insecureFormAction", False),
                ("unsafeObjects", False),
            ]
            if csp.get(flag) is not wanted
        ]
        if not (
            hsts.get("max_age", 0) >= ONE_YEAR
            and hsts.get("include_subdomains")
            and hsts.get("preload")
        ):
            problems.append(f"HSTS not ready for preloading: {hsts}")
        if problems:
            found.append(f"{page}: {problems}\n{scan}")
    return found


@pytest.mark.django_db
def test_every_public_page_grades_a_plus(production):
    ids = make_page_data()
    scans = []
    for page in fill(PUBLIC_PAGES, ids):
        client = Client()
        response = client.get(page, secure=True, HTTP_ORIGIN=ORIGIN)
        assert response.status_code in {200, 404}, page
        assert http_equiv_policies(response.text) == [], page
        exchange = read(
            response,
            url=f"https://{HOST}{page}",
            http_route=plain_http_route(Client(), page),
            origin=ORIGIN,
        )
        scans.append((page, grade(exchange)))

    assert failures(scans) == [], "\n".join(failures(scans))
    cookies = {page: scan.result("cookies").result for page, scan in scans}
    assert cookies["/hotline/new/"] == (
        "cookies-secure-with-httponly-sessions-and-samesite"
    )


@pytest.mark.django_db
def test_answers_that_set_cookies_grade_a_plus(production, admin_user):
    ids = make_page_data()
    resident = Client()
    support = f"/accountability/priorities/{ids['priority']}/support/"
    flag = f"/en/comments/{ids['shown_comment']}/report/"
    reason = CommentFlag.Reason.values[0]
    staff = Client()
    device = totp_device(admin_user)
    answers = [
        (support, resident.post(support, secure=True)),
        (flag, resident.post(flag, {"reason": reason}, secure=True)),
        (
            "/admin/login/",
            staff.post(
                "/admin/login/",
                {"username": admin_user.username, "password": "password"},
                secure=True,
            ),
        ),
        # The second step gives the session a new key, and so a new cookie.
        (
            "/admin/two-factor/",
            staff.post("/admin/two-factor/", {"code": totp_code(device)}, secure=True),
        ),
        ("/admin/", staff.get("/admin/", secure=True)),
    ]

    assert [response.status_code for _page, response in answers] == [
        302,
        302,
        302,
        302,
        200,
    ]
    set_cookies = {name for _page, response in answers for name in response.cookies}
    assert {"sessionid", "csrftoken", "messages"} <= set_cookies
    assert len(set_cookies) >= 5  # and the support and flag cookies
    scans = [(page, scanned(response, page)) for page, response in answers]
    assert failures(scans) == [], "\n".join(failures(scans))


@pytest.mark.django_db
def test_error_pages_grade_a_plus(production, settings):
    settings.ROOT_URLCONF = __name__
    refused = Client(enforce_csrf_checks=True).post(
        "/en/hotline/track/", {"receipt": "K7QM-3XPA-9TND-V2HC"}, secure=True
    )
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.HOTLINE_FAILED_LOOKUPS_PER_HOUR):
        guesser.post(
            "/en/hotline/track/", {"receipt": f"AAAA-BBBB-CCCC-{n:04d}"}, secure=True
        )
    limited = guesser.post(
        "/en/hotline/track/", {"receipt": "AAAA-BBBB-CCCC-DDDD"}, secure=True
    )
    failed = Client(raise_request_exception=False).get("/fault/", secure=True)
    missing = Client().get("/en/no-such-page/", secure=True)
    wrong_host = Client().get("/", secure=True, HTTP_HOST="portal.invalid")

    answers = [
        ("403 CSRF", refused, 403),
        ("429", limited, 429),
        ("500", failed, 500),
        ("404", missing, 404),
        ("400 host", wrong_host, 400),
    ]
    for name, response, status in answers:
        assert response.status_code == status, name
        assert [h for h in SECURITY_HEADERS if h not in response.headers] == [], name
    scans = [
        (name, scanned(response, "/", plain_http_route(Client(), "/")))
        for name, response, _ in answers
    ]
    assert failures(scans) == [], "\n".join(failures(scans))


def bad_exchange() -> Exchange:
    """A site as the Observatory's documentation warns against."""
    return Exchange(
        url="https://portal.example.org/",
        headers={
            "content-type": ["text/html"],
            "content-security-policy": [
                "default-src *; script-src 'self' 'unsafe-inline' 'unsafe-eval'"
            ],
            "referrer-policy": ["unsafe-url"],
            "access-control-allow-origin": ["https://evil.example"],
            "access-control-allow-credentials": ["true"],
        },
        set_cookies=["sessionid=abc; Path=/", "csrftoken=def; Path=/"],
        body='<script src="http://cdn.example.net/x.js"></script>',
        http_route=["http://portal.example.org/"],
        origin="https://evil.example",
    )


def test_the_scorer_fails_a_site_with_bad_headers():
    scan = grade(bad_exchange())

    assert (scan.score, scan.grade) == (0, "F")
    assert {result.test for result in scan.results if result.modifier < 0} == {
        "content-security-policy",
        "cookies",
        "cross-origin-resource-sharing",
        "redirection",
        "referrer-policy",
        "strict-transport-security",
        "subresource-integrity",
        "x-content-type-options",
        "x-frame-options",
    }


def test_the_scorer_gives_bonuses_only_to_a_site_already_near_an_a():
    good = {
        "content-security-policy": [
            "default-src 'none'; script-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'"
        ],
        "strict-transport-security": ["max-age=15552000"],
        "x-content-type-options": ["nosniff"],
        "referrer-policy": ["no-referrer"],
        "cross-origin-resource-policy": ["same-origin"],
    }
    route = ["http://a.example/", "https://a.example/"]
    best = grade(Exchange("https://a.example/", good, http_route=route))
    no_https_redirect = grade(
        Exchange("https://a.example/", good, http_route=route[:1])
    )

    # 100 + 10 (default-src 'none') + 5 (referrer) + 5 (frame-ancestors) + 10 (CORP)
    assert (best.score, best.grade) == (130, "A+")
    # -20 leaves 80 before bonuses: below 90, so no bonus counts.
    assert (no_https_redirect.score, no_https_redirect.grade) == (80, "B+")


@pytest.mark.parametrize(
    ("headers", "test", "result"),
    [
        (
            {
                "content-security-policy": [
                    "default-src 'self'; script-src 'nonce-a' 'unsafe-inline'"
                ]
            },
            "content-security-policy",
            "csp-implemented-with-no-unsafe",
        ),
        (
            {"content-security-policy": ["default-src 'self'; style-src 'self' data:"]},
            "content-security-policy",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (
            {"content-security-policy": ["default-src 'self'; img-src http:"]},
            "content-security-policy",
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        (
            {"content-security-policy": ["default-src 'self'; default-src 'none'"]},
            "content-security-policy",
            "csp-header-invalid",
        ),
        (
            {"strict-transport-security": ["max-age=15551999; includeSubDomains"]},
            "strict-transport-security",
            "hsts-implemented-max-age-less-than-six-months",
        ),
        (
            {"strict-transport-security": ["max-age=1, max-age=31536000"]},
            "strict-transport-security",
            "hsts-header-invalid",
        ),
        (
            {"referrer-policy": ["no-referrer, unsafe-url"]},
            "referrer-policy",
            "referrer-policy-unsafe",
        ),
        (
            {"referrer-policy": ["unsafe-url, strict-origin-when-cross-origin"]},
            "referrer-policy",
            "referrer-policy-private",
        ),
        (
            {"x-frame-options": ["ALLOW-FROM https://a.example"]},
            "x-frame-options",
            "x-frame-options-allow-from-origin",
        ),
        (
            {"cross-origin-resource-policy": ["same-page"]},
            "cross-origin-resource-policy",
            "corp-header-invalid",
        ),
    ],
)
def test_the_scorer_reads_headers_as_the_observatory_does(headers, test, result):
    scan = grade(Exchange("https://a.example/", headers))

    assert scan.result(test).result == result


@pytest.mark.parametrize(
    ("cookies", "hsts", "result"),
    [
        (
            ["theme=dark; Path=/"],
            True,
            "cookies-without-secure-flag-but-protected-by-hsts",
        ),
        (["theme=dark; Path=/"], False, "cookies-without-secure-flag"),
        (
            ["sessionid=1; Secure; SameSite=Lax"],
            True,
            "cookies-session-without-httponly-flag",
        ),
        (
            ["csrftoken=1; Secure; HttpOnly"],
            True,
            "cookies-anticsrf-without-samesite-flag",
        ),
        (
            ["theme=dark; Secure; SameSite=Sometimes"],
            True,
            "cookies-samesite-flag-invalid",
        ),
        (["theme=dark; Secure"], True, "cookies-secure-with-httponly-sessions"),
        (
            [
                "sessionid=1; Secure; HttpOnly; SameSite=Lax",
                "theme=dark; Secure; SameSite=Strict",
            ],
            True,
            "cookies-secure-with-httponly-sessions-and-samesite",
        ),
    ],
)
def test_the_scorer_grades_cookies_as_the_observatory_does(cookies, hsts, result):
    headers = {"strict-transport-security": ["max-age=31536000"] if hsts else []}

    scan = grade(Exchange("https://a.example/", headers, set_cookies=cookies))

    assert scan.result("cookies").result == result
