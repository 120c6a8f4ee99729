"""The visitors of `make bench`'s mixed load, run by locust in a process of its own.

`manage.py bench` writes the plan (pages, forms, shares; see bench/loadtest.py) to the
file named by BENCH_MIX_PLAN and starts locust with one of the two classes below. Every
request's name, time and outcome is written to BENCH_MIX_RECORDS when the run stops,
and the command computes the percentiles and verdicts from them. This file imports
nothing from the portal: locust patches the standard library with gevent, which
Django has no business running under.
"""

import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events

PLAN = json.loads(Path(os.environ["BENCH_MIX_PLAN"]).read_text())
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(rf"^{re.escape(PLAN['csrf_cookie'])}=([^;]+)")

_requests: list[tuple[str, float, bool]] = []
_errors: dict[str, int] = {}
_window: dict[str, float] = {}


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    _requests.append((name, response_time, exception is None))
    if exception is not None:
        key = f"{name}: {exception}"[:200]
        _errors[key] = _errors.get(key, 0) + 1


@events.user_error.add_listener
def _visit_failed(user_instance, exception, tb, **kwargs):
    # A visit that broke off with an exception of the visitor's own: an error too.
    key = f"visit failed: {exception!r}"[:200]
    _errors[key] = _errors.get(key, 0) + 1
    _window["visit_errors"] = _window.get("visit_errors", 0) + 1


@events.test_start.add_listener
def _started(environment, **kwargs):
    _window["started"] = time.monotonic()


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    # After the last user finished its visit (--stop-timeout), so that every filing
    # the server stored is also counted here.
    _window["stopped"] = time.monotonic()
    runner = environment.runner
    records = {
        "seconds": _window["stopped"] - _window["started"],
        "requests": _requests,
        "errors": _errors,
        "visit_errors": int(_window.get("visit_errors", 0)),
        "load_tool_cpu_over_90": bool(runner and runner.cpu_warning_emitted),
    }
    Path(os.environ["BENCH_MIX_RECORDS"]).write_text(json.dumps(records))


class _Visitor(FastHttpUser):
    abstract = True
    # No pause between visits: the users are as many as keep the server busy, and no
    # more (see bench/loadtest.py on how their number is chosen).
    wait_time = constant(0)


def view_page(user: _Visitor) -> None:
    name, path = random.choice(PLAN["pages"])  # noqa: S311 (load, not secrets)
    user.client.get(path, name=name)


def _submit(user: _Visitor, form: dict) -> None:
    """Open the form as a new browser would, then send one of its bodies."""
    # A fresh browser for every submission: nothing kept from an earlier visit (such
    # as a survey's "already answered" cookie) may change this one's answer.
    user.client.cookiejar.clear()
    with user.client.get(
        form["path"], name=form["form_name"], catch_response=True
    ) as page:
        token = cookie = None
        if page.status_code == 200:
            token = TOKEN.search(page.text or "")
            cookie = next(
                (
                    match.group(1)
                    for header in page.headers.getlist("set-cookie")
                    if (match := COOKIE.match(header))
                ),
                None,
            )
        if token is None or cookie is None:
            page.failure(f"no form with a CSRF token ({page.status_code})")
            return
    fields = random.choice(form["bodies"])  # noqa: S311 (load, not secrets)
    body = urlencode([*map(tuple, fields), ("csrfmiddlewaretoken", token.group(1))])
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        # The CSRF cookie is marked Secure, so the cookie jar keeps it to itself over
        # plain HTTP; a browser behind the TLS proxy would send it.
        "Cookie": f"{PLAN['csrf_cookie']}={cookie}",
    }
    with user.client.post(
        form["path"],
        data=body,
        headers=headers,
        name=form["submit_name"],
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        if form["redirect_to"]:
            done = answer.status_code == 302 and (
                answer.headers.get("location") or ""
            ).endswith(form["redirect_to"])
        else:
            done = answer.status_code == 200 and form["page_marker"] in (
                answer.text or ""
            )
        if done:
            answer.success()
        else:
            answer.failure(f"not accepted ({answer.status_code})")


def _task(form: dict):
    def submit(user: _Visitor) -> None:
        _submit(user, form)

    submit.__name__ = form["label"]
    return submit


class MixedVisitor(_Visitor):
    """Page views, survey answers and hotline filings, in the plan's shares."""

    # Locust also takes a dict of tasks and weights; its annotation names a list.
    # Where locust is not installed (it is only for the bench) the ignore is unused.
    tasks = {view_page: PLAN["page_share"]} | {  # type: ignore[assignment, unused-ignore]
        _task(form): form["share"] for form in PLAN["forms"]
    }


class FloorVisitor(_Visitor):
    """The floor view only, loaded by the same tool with as many users."""

    def floor(self) -> None:
        self.client.get(PLAN["floor_path"], name="floor")

    tasks = [floor]
