"""Mozilla's HTTP Observatory grading, applied to responses of the test client.

The rules are those of the Observatory's second version (mdn/mdn-http-observatory:
`src/scanner/index.js`, `src/grader/charts.js` and `src/analyzer/tests/*.js`,
algorithm version 4). Ten tests each give one result with a score modifier. The score
starts at 100; bonuses count only when the score without them is 90 or more; the
grade is read from the score rounded down to a multiple of 5, and 100 or more is A+.

What the scanner does that a test cannot:
- it asks the browsers' HSTS preload list whether the host is on it; here no host is,
  so there is neither the HSTS "preloaded" bonus nor the "all redirects preloaded"
  redirection result;
- it reads policies from `<meta http-equiv>` tags as well as from headers; the portal
  sets none that way (`http_equiv_policies` lets a test check that), so headers are
  all this reads;
- it merges several Content-Security-Policy headers into one; the portal sends one,
  and this refuses to grade more than one rather than guess;
- it compares script hosts by registrable domain with the public suffix list; this
  compares the last two labels of the host name.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

# Score modifier of every result the ten tests can give (src/grader/charts.js).
MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = {
    100: "A+",
    95: "A",
    90: "A",
    85: "A-",
    80: "B+",
    75: "B",
    70: "B",
    65: "B-",
    60: "C+",
    55: "C",
    50: "C",
    45: "C-",
    40: "D+",
    35: "D",
    30: "D",
    25: "D-",
}
# Six months as the Observatory counts them ("a lot of sites use 15552000").
SIX_MONTHS = 15_552_000


@dataclass
class Exchange:
    """What the scanner sees of a page.

    `headers` and `set_cookies` are those of the HTTPS response (None: the site does
    not answer over HTTPS). `http_route` lists the addresses a plain-HTTP request went
    through, starting with its own (None: no answer over HTTP). `origin` is the Origin
    the HTTPS request carried, for the CORS test.
    """

    url: str
    headers: dict[str, list[str]] | None
    set_cookies: list[str] = field(default_factory=list)
    body: str = ""
    http_route: list[str] | None = None
    origin: str | None = None

    def all(self, name: str) -> list[str]:
        return (self.headers or {}).get(name.lower(), [])

    def first(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None


@dataclass
class Result:
    test: str
    result: str
    details: dict = field(default_factory=dict)

    @property
    def modifier(self) -> int:
        return MODIFIERS[self.result]


@dataclass
class Scan:
    results: list[Result]

    @property
    def score(self) -> int:
        with_extra = 100 + sum(result.modifier for result in self.results)
        uncurved = 100 + sum(min(result.modifier, 0) for result in self.results)
        score = with_extra if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
        return max(score, 0)

    @property
    def grade(self) -> str:
        return GRADES.get(min(self.score - self.score % 5, 100), "F")

    def deductions(self) -> list[str]:
        return [
            f"{result.test}: {result.result} ({result.modifier})"
            for result in self.results
            if result.modifier < 0
        ]

    def result(self, test: str) -> Result:
        return next(result for result in self.results if result.test == test)

    def __str__(self) -> str:
        lines = [f"score {self.score}, grade {self.grade}"]
        lines += [
            f"  {result.test}: {result.result} ({result.modifier:+d})"
            for result in self.results
        ]
        return "\n".join(lines)


def grade(exchange: Exchange) -> Scan:
    """Run the Observatory's ten tests on one page and grade it."""
    csp = content_security_policy(exchange)
    hsts = strict_transport_security(exchange)
    return Scan(
        [
            csp,
            cookies(exchange, hsts),
            cross_origin_resource_sharing(exchange),
            redirection(exchange),
            referrer_policy(exchange),
            hsts,
            subresource_integrity(exchange),
            x_content_type_options(exchange),
            x_frame_options(exchange, csp),
            cross_origin_resource_policy(exchange),
        ]
    )


# Content Security Policy (src/analyzer/cspParser.js, src/analyzer/tests/csp.js)

DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
PASSIVE_DIRECTIVES = ("img-src", "media-src")
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
ALLOWED_DUPLICATES = {"report-uri", "report-to"}


def parse_csp(policy: str) -> tuple[dict[str, set[str]], set[str]]:
    """Directives and their sources (lower case), and the report directives given
    twice. A policy too short to hold a directive, or another directive given twice,
    is invalid."""
    policy = re.sub(r"[\r\n]", "", policy).strip()
    if len(policy) < len("img-src") - 1:
        raise ValueError(f"invalid policy: {policy!r}")
    directives: dict[str, set[str]] = {}
    duplicates = set()
    for entry in policy.split(";"):
        name, *sources = entry.strip().split() or [""]
        if not name:
            continue
        name = name.lower()
        if name in directives:
            if name not in ALLOWED_DUPLICATES:
                raise ValueError(f"duplicate directive {name}")
            duplicates.add(name)
            continue
        values = {source.strip().lower() for source in sources}
        if not values and name.endswith("-src"):
            values = {"'none'"}
        directives[name] = values
    return directives, duplicates


def _has_nonce_or_hash(sources: set[str]) -> bool:
    return any(source.startswith(NONCES_HASHES) for source in sources)


def content_security_policy(exchange: Exchange) -> Result:
    test = "content-security-policy"
    policies = [
        part.strip()
        for value in exchange.all("Content-Security-Policy")
        for part in value.split(",")
    ]
    if not policies:
        reporting = exchange.first("Content-Security-Policy-Report-Only")
        return Result(
            test,
            "csp-not-implemented-but-reporting-enabled"
            if reporting
            else "csp-not-implemented",
        )
    if len(policies) > 1:
        # The portal sends one policy. Several would be merged by the scanner; this
        # scorer does not merge them, and grades them as a policy it cannot accept.
        return Result(test, "csp-header-invalid", {"error": "several policies"})
    try:
        csp, duplicates = parse_csp(policies[0])
    except ValueError as error:
        return Result(test, "csp-header-invalid", {"error": str(error)})
    if not csp:
        return Result(test, "csp-not-implemented")

    https = urlsplit(exchange.url).scheme == "https"
    policy = {}
    result = None
    base_uri = csp.get("base-uri") or {"*"}
    frame_ancestors = csp.get("frame-ancestors") or {"*"}
    form_action = csp.get("form-action") or {"*"}
    # As in the scanner, these are the policy's own sets: changing script_src below
    # changes default-src when that is where it comes from.
    object_src = csp.get("object-src") or csp.get("default-src") or {"*"}
    script_src = csp.get("script-src") or csp.get("default-src") or {"*"}
    style_src = csp.get("style-src") or csp.get("default-src") or {"*"}

    # Browsers ignore 'unsafe-inline' next to a nonce or a hash.
    for sources in (script_src, style_src):
        if _has_nonce_or_hash(sources):
            sources.discard("'unsafe-inline'")
    policy["strictDynamic"] = False
    if _has_nonce_or_hash(script_src) and "'strict-dynamic'" in script_src:
        for source in list(script_src):
            if any(
                source.startswith(broad) for broad in DANGEROUSLY_BROAD
            ) or source in {"'self'", "'unsafe-inline'"}:
                script_src.discard(source)
        policy["strictDynamic"] = True
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"

    active = [
        source
        for name, sources in csp.items()
        if name not in PASSIVE_DIRECTIVES and name != "script-src"
        for source in sources
    ] + list(script_src)
    passive = [
        source
        for name in PASSIVE_DIRECTIVES
        for source in (csp.get(name) or csp.get("default-src") or set())
    ]

    def insecure(sources) -> bool:
        return https and any(s.startswith(("http:", "ftp:")) for s in sources)

    policy["unsafeInline"] = any(
        s in DANGEROUSLY_BROAD | UNSAFE_INLINE for s in script_src
    ) or any(s in DANGEROUSLY_BROAD for s in object_src)
    policy["insecureSchemeActive"] = insecure(active)
    policy["unsafeEval"] = "'unsafe-eval'" in script_src | style_src
    policy["insecureSchemePassive"] = insecure(passive)
    policy["unsafeInlineStyle"] = any(
        s in DANGEROUSLY_BROAD | UNSAFE_INLINE for s in style_src
    )
    policy["defaultNone"] = csp.get("default-src") == {"'none'"}
    for flag, outcome in [
        ("unsafeInline", "csp-implemented-with-unsafe-inline"),
        ("insecureSchemeActive", "csp-implemented-with-insecure-scheme"),
        ("unsafeEval", "csp-implemented-with-unsafe-eval"),
        (
            "insecureSchemePassive",
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        ("unsafeInlineStyle", "csp-implemented-with-unsafe-inline-in-style-src-only"),
        ("defaultNone", "csp-implemented-with-no-unsafe-default-src-none"),
    ]:
        if result is None and policy[flag]:
            result = outcome
    result = result or "csp-implemented-with-no-unsafe"

    policy["antiClickjacking"] = not frame_ancestors & DANGEROUSLY_BROAD
    policy["insecureBaseUri"] = bool(base_uri & (DANGEROUSLY_BROAD | UNSAFE_INLINE))
    policy["insecureFormAction"] = bool(form_action & DANGEROUSLY_BROAD)
    policy["unsafeObjects"] = bool(object_src & DANGEROUSLY_BROAD)

    passing = {
        "csp-implemented-with-no-unsafe",
        "csp-implemented-with-no-unsafe-default-src-none",
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
    }
    if result in passing and duplicates:
        result = "csp-implemented-but-duplicate-directives"
    return Result(test, result, {"policy": policy, "directives": csp})


# Cookies (src/analyzer/tests/cookies.js)

COOKIE_BADNESS = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def _only_if_worse(new: str, old: str | None, order: list[str]) -> str:
    if old is None or order.index(new) > order.index(old):
        return new
    return old


@dataclass
class Cookie:
    name: str
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None


def parse_cookie(header: str) -> Cookie:
    """A Set-Cookie header as the scanner's cookie jar keeps it."""
    first, *attributes = header.split(";")
    cookie = Cookie(first.split("=", 1)[0].strip())
    for attribute in attributes:
        key, _, value = attribute.strip().partition("=")
        key, value = key.strip().lower(), value.strip().lower()
        if key == "secure":
            cookie.secure = True
        elif key == "httponly":
            cookie.http_only = True
        elif key == "samesite":
            # tough-cookie, the scanner's cookie jar, records any other value as
            # "unspecified" (which the raw header check counts as invalid).
            known = value in {"strict", "lax", "none"}
            cookie.same_site = value if known else "unspecified"
    return cookie


def _invalid_same_site(header: str) -> bool:
    for part in header.strip().split(";"):
        key, _, value = part.strip().partition("=")
        value = value.split("=")[0].strip().lower()
        if key.strip().lower() == "samesite" and value not in {"lax", "strict", "none"}:
            return True
    return False


def cookies(exchange: Exchange, hsts: Result) -> Result:
    test = "cookies"
    hsts_passes = hsts.result in {
        "hsts-implemented-max-age-at-least-six-months",
        "hsts-preloaded",
    }
    result = None
    for header in exchange.set_cookies:
        if _invalid_same_site(header):
            result = _only_if_worse(
                "cookies-samesite-flag-invalid", result, COOKIE_BADNESS
            )
    jar = [parse_cookie(header) for header in exchange.set_cookies]
    jar = [cookie for cookie in jar if cookie.name]
    if not jar:
        return Result(test, "cookies-not-found")
    missing_same_site = False
    for cookie in jar:
        name = cookie.name.lower()
        session = "login" in name or "sess" in name
        anti_csrf = "csrf" in name
        worse = []
        if not cookie.secure and cookie.same_site == "none":
            worse.append("cookies-samesite-flag-invalid")
        if not cookie.secure:
            worse.append(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-without-secure-flag"
            )
        if anti_csrf and not cookie.same_site:
            worse.append("cookies-anticsrf-without-samesite-flag")
        if session and not cookie.secure:
            worse.append(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-session-without-secure-flag"
            )
        if session and not cookie.http_only:
            worse.append("cookies-session-without-httponly-flag")
        for outcome in worse:
            result = _only_if_worse(outcome, result, COOKIE_BADNESS)
        missing_same_site = missing_same_site or not cookie.same_site
    if result is None:
        result = (
            "cookies-secure-with-httponly-sessions"
            if missing_same_site
            else "cookies-secure-with-httponly-sessions-and-samesite"
        )
    return Result(test, result, {"cookies": jar})


# Cross-origin resource sharing (src/analyzer/tests/cors.js)


def cross_origin_resource_sharing(exchange: Exchange) -> Result:
    test = "cross-origin-resource-sharing"
    allowed = exchange.first("Access-Control-Allow-Origin")
    if not allowed:
        return Result(test, "cross-origin-resource-sharing-not-implemented")
    allowed = allowed[:256].strip().lower()
    credentials = (exchange.first("Access-Control-Allow-Credentials") or "").strip()
    if allowed == "*":
        return Result(
            test, "cross-origin-resource-sharing-implemented-with-public-access"
        )
    if exchange.origin and exchange.origin == allowed and credentials.lower() == "true":
        return Result(
            test, "cross-origin-resource-sharing-implemented-with-universal-access"
        )
    return Result(
        test, "cross-origin-resource-sharing-implemented-with-restricted-access"
    )


# Redirection (src/analyzer/tests/redirection.js)


def redirection(exchange: Exchange) -> Result:
    test = "redirection"
    route = exchange.http_route
    if route is None:
        return Result(test, "redirection-not-needed-no-http")
    hops = [urlsplit(url) for url in route]
    if len(hops) == 1:
        result = "redirection-missing"
    elif hops[-1].scheme != "https":
        result = "redirection-not-to-https"
    elif hops[1].scheme == "http":
        result = "redirection-not-to-https-on-initial-redirection"
    elif (
        hops[0].scheme == "http"
        and hops[1].scheme == "https"
        and hops[0].hostname != hops[1].hostname
    ):
        result = "redirection-off-host-from-http"
    else:
        result = "redirection-to-https"
    return Result(test, result, {"route": route})


# Referrer-Policy (src/analyzer/tests/referrer-policy.js)

PRIVATE_REFERRERS = [
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
]
UNSAFE_REFERRERS = [
    "origin",
    "origin-when-cross-origin",
    "unsafe-url",
    "no-referrer-when-downgrade",
]


def referrer_policy(exchange: Exchange) -> Result:
    test = "referrer-policy"
    values = exchange.all("Referrer-Policy")
    if not values:
        return Result(test, "referrer-policy-not-implemented")
    known = [
        token.strip().lower()
        for token in ", ".join(values).split(",")
        if token.strip().lower() in PRIVATE_REFERRERS + UNSAFE_REFERRERS
    ]
    chosen = known[-1] if known else ""
    if chosen in PRIVATE_REFERRERS:
        return Result(test, "referrer-policy-private")
    if chosen in UNSAFE_REFERRERS:
        return Result(test, "referrer-policy-unsafe")
    return Result(test, "referrer-policy-header-invalid")


# Strict-Transport-Security (src/analyzer/tests/strict-transport-security.js)


def _parse_int(text: str) -> float:
    """JavaScript's parseInt: the leading digits, or NaN."""
    found = re.match(r"\s*([+-]?\d+)", text)
    return int(found.group(1)) if found else float("nan")


def strict_transport_security(exchange: Exchange) -> Result:
    test = "strict-transport-security"
    if exchange.headers is None:
        return Result(test, "hsts-not-implemented-no-https")
    values = exchange.all("Strict-Transport-Security")
    if not values:
        return Result(test, "hsts-not-implemented")
    header = values[0][:1024]
    details: dict[str, Any] = {
        "max_age": None,
        "include_subdomains": False,
        "preload": False,
    }
    if "," in header:
        return Result(test, "hsts-header-invalid", details)
    for parameter in (part.strip().lower() for part in header.split(";")):
        if parameter.startswith("max-age="):
            details["max_age"] = _parse_int(parameter[8:128])
        elif parameter == "includesubdomains":
            details["include_subdomains"] = True
        elif parameter == "preload":
            details["preload"] = True
    if details["max_age"] is None:
        return Result(test, "hsts-header-invalid", details)
    # A max-age that is not a number passes, as in the scanner (NaN < x is false).
    if details["max_age"] < SIX_MONTHS:
        return Result(test, "hsts-implemented-max-age-less-than-six-months", details)
    return Result(test, "hsts-implemented-max-age-at-least-six-months", details)


# Subresource integrity (src/analyzer/tests/subresource-integrity.js)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
SRI_BADNESS = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def _domain(host: str | None) -> str:
    return ".".join((host or "").split(".")[-2:])


def subresource_integrity(exchange: Exchange) -> Result:
    test = "subresource-integrity"
    if exchange.headers is None:
        return Result(test, "sri-not-implemented-but-no-scripts-loaded")
    mime = (exchange.first("Content-Type") or "").split(";")[0]
    if mime and mime not in HTML_TYPES:
        return Result(test, "sri-not-implemented-response-not-html")
    parser = _Scripts()
    parser.feed(exchange.body)
    if not parser.scripts:
        return Result(test, "sri-not-implemented-but-no-scripts-loaded")
    https = urlsplit(exchange.url).scheme == "https"
    own_domain = _domain(urlsplit(exchange.url).hostname)
    result = None
    foreign = False
    for script in parser.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        relative_protocol = re.match(r"^//[^/]", src) is not None
        full_url = re.match(r"^https?://", src) is not None
        relative_origin = not relative_protocol and not full_url
        same_domain = (
            relative_protocol
            or relative_origin
            or _domain(urlsplit(src).hostname) == own_domain
        )
        secure_origin = relative_origin or (same_domain and not relative_protocol)
        scheme = urlsplit(src).scheme + ":" if full_url else None
        secure_scheme = scheme == "https:" or (relative_origin and https)
        if not secure_origin:
            foreign = True
            if integrity and not secure_scheme:
                outcome = "sri-implemented-but-external-scripts-not-loaded-securely"
            elif not integrity and secure_scheme:
                outcome = "sri-not-implemented-but-external-scripts-loaded-securely"
            elif not integrity:
                outcome = "sri-not-implemented-and-external-scripts-not-loaded-securely"
            else:
                continue
            result = _only_if_worse(outcome, result, SRI_BADNESS)
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if result is None:
        result = (
            "sri-implemented-and-external-scripts-loaded-securely"
            if foreign
            else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        )
    return Result(test, result)


# X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy
# (src/analyzer/tests/x-content-type-options.js, x-frame-options.js,
# cross-origin-resource-policy.js)


def x_content_type_options(exchange: Exchange) -> Result:
    test = "x-content-type-options"
    header = exchange.first("X-Content-Type-Options")
    if not header:
        return Result(test, "x-content-type-options-not-implemented")
    if header[:256].strip().lower() == "nosniff":
        return Result(test, "x-content-type-options-nosniff")
    return Result(test, "x-content-type-options-header-invalid")


def x_frame_options(exchange: Exchange, csp: Result) -> Result:
    test = "x-frame-options"
    if "frame-ancestors" in csp.details.get("directives", {}):
        return Result(test, "x-frame-options-implemented-via-csp")
    header = (exchange.first("X-Frame-Options") or "")[:1024].strip().lower()
    if not header:
        return Result(test, "x-frame-options-not-implemented")
    if header in {"deny", "sameorigin"}:
        return Result(test, "x-frame-options-sameorigin-or-deny")
    if header.startswith("allow-from"):
        return Result(test, "x-frame-options-allow-from-origin")
    return Result(test, "x-frame-options-header-invalid")


def cross_origin_resource_policy(exchange: Exchange) -> Result:
    test = "cross-origin-resource-policy"
    header = (exchange.first("Cross-Origin-Resource-Policy") or "")[:256]
    header = header.strip().lower()
    if not header:
        return Result(test, "corp-not-implemented")
    outcome = {
        "same-site": "corp-implemented-with-same-site",
        "same-origin": "corp-implemented-with-same-origin",
        "cross-origin": "corp-implemented-with-cross-origin",
    }
    return Result(test, outcome.get(header, "corp-header-invalid"))


# Reading Django test client responses


class _HttpEquiv(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag, attrs):
        value = dict(attrs).get("http-equiv")
        if tag == "meta" and value:
            self.names.append(value.lower())


def http_equiv_policies(html: str) -> list[str]:
    """The headers a page sets in <meta http-equiv> tags, which this does not read."""
    parser = _HttpEquiv()
    parser.feed(html)
    return parser.names


def exchange_from(response, *, url: str, http_route=None, origin=None) -> Exchange:
    """An Exchange from a Django test client response to an HTTPS request."""
    headers: dict[str, list[str]] = {}
    for name, value in response.headers.items():
        headers.setdefault(name.lower(), []).append(value)
    body = "" if getattr(response, "streaming", False) else response.content.decode()
    return Exchange(
        url=url,
        headers=headers,
        set_cookies=[morsel.OutputString() for morsel in response.cookies.values()],
        body=body,
        http_route=http_route,
        origin=origin,
    )
