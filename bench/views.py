"""Floor views for `make bench`: the least a Django view can do, in the same process.

They are mounted only when BENCH_ENDPOINTS is true, which no real deployment sets. Every
page's throughput is reported as a ratio to these floors, measured side by side in one
run, so the numbers mean the same on a slow machine and a fast one.
"""

from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from portal.models import AuditEntry


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    """One query and a tiny template."""
    return render(request, "bench/floor.html", {"count": Group.objects.count()})


@csrf_exempt
@require_POST
def floor_insert(request: HttpRequest) -> HttpResponse:
    """Insert one row: the floor for views that file something."""
    AuditEntry.objects.create(action="bench.floor")
    return HttpResponse("ok", content_type="text/plain")
