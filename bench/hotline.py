"""The hotline's share of the bench: complaints in bulk, the form and the statistics,
and the filings of the mixed load."""

import random
import secrets
from datetime import time, timedelta
from urllib.parse import urlencode

from django.utils import timezone

from bench.loadtest import BenchSubmission
from bench.pages import BenchPage, csrf_pair
from hotline.models import Category, Complaint, ComplaintEvent
from portal.models import Community


def seed(scale: float, stdout) -> None:
    """100,000 complaints at scale 1, with their history rows, in bulk."""
    target = int(100_000 * scale)
    existing = Complaint.objects.count()
    if existing >= target:
        stdout.write(f"Hotline: {existing} complaints already")
        return
    rng = random.Random(7)  # noqa: S311 (benchmark data, not secrets)
    communities = [*list(Community.objects.all()), None]
    categories = list(Category.objects.all())
    statuses = list(Complaint.Status)
    now = timezone.now()
    batch = 5000
    for start in range(existing, target, batch):
        complaints = []
        for _ in range(start, min(start + batch, target)):
            received = now - timedelta(minutes=rng.randint(0, 60 * 24 * 700))
            status = rng.choice(statuses)
            formal = rng.random() < 0.4
            closed = status in Complaint.CLOSED_STATUSES
            complaints.append(
                Complaint(
                    received_at=received,
                    kind=rng.choice(list(Complaint.Kind)),
                    category=rng.choice(categories),
                    community=rng.choice(communities),
                    occurred_on=timezone.localdate(received),
                    occurred_time=time(rng.randint(0, 23), 0),
                    description="Опис події для навантажувального тесту.",
                    path="formal" if formal else "anonymous",
                    full_name="Тест Тестович" if formal else "",
                    residence="Чугуїв" if formal else "",
                    phone="+380500000000" if formal else "",
                    term="month" if formal else "",
                    due_on=(
                        Complaint.due_date(timezone.localdate(received), "month")
                        if formal
                        else None
                    ),
                    status=status,
                    receipt_hash=secrets.token_hex(32),
                    first_reply_at=(
                        received + timedelta(days=rng.randint(1, 20))
                        if status != "received"
                        else None
                    ),
                    closed_at=(
                        received + timedelta(days=rng.randint(2, 40))
                        if closed
                        else None
                    ),
                    satisfaction=rng.randint(1, 5) if status == "resolved" else None,
                )
            )
        created = Complaint.objects.bulk_create(complaints)
        events = []
        for complaint in created:
            if complaint.status != "received":
                events.append(
                    ComplaintEvent(
                        complaint=complaint,
                        created_at=complaint.received_at + timedelta(days=1),
                        kind="status",
                        old_status="received",
                        new_status="triage",
                    )
                )
                events.append(
                    ComplaintEvent(
                        complaint=complaint,
                        created_at=complaint.received_at + timedelta(days=2),
                        kind="status",
                        old_status="triage",
                        new_status=complaint.status,
                        public_text="Відповідь заявнику.",
                    )
                )
        ComplaintEvent.objects.bulk_create(events, batch_size=5000)
    stdout.write(f"Hotline: {Complaint.objects.count()} complaints")


def pages() -> list[BenchPage]:
    cookie, token = csrf_pair()
    filing = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "kind": "problem",
            "occurred_on": timezone.localdate().isoformat(),
            "description": "Не працює вуличне освітлення біля зупинки.",
            "path": "anonymous",
        }
    )
    return [
        BenchPage("hotline stats", "/hotline/stats/", target=0.5),
        BenchPage("hotline form", "/hotline/new/"),
        BenchPage(
            "hotline filing",
            "/hotline/new/",
            method="POST",
            body=filing,
            floor="insert",
            target=0.3,
            headers=(("Cookie", f"csrftoken={cookie}"),),
        ),
    ]


def mix() -> list[BenchSubmission]:
    """The mixed load's hotline filing: anonymous feedback and formal appeals by
    phone (no e-mail, so no message waits for a worker), as the public form sends
    them."""
    rng = random.Random(13)  # noqa: S311 (benchmark data, not secrets)
    categories = list(Category.objects.filter(is_active=True).values_list("pk"))
    communities = list(Community.objects.values_list("pk"))
    bodies = []
    for number in range(40):
        # Yesterday at the latest, so that a run across midnight files nothing
        # "in the future".
        day = timezone.localdate() - timedelta(days=rng.randint(1, 30))
        fields = [
            ("kind", rng.choice(list(Complaint.Kind)).value),
            ("category", str(rng.choice(categories)[0])),
            ("community", str(rng.choice(communities)[0])),
            ("occurred_on", day.isoformat()),
            ("description", "Патруль не приїхав на виклик про бійку біля ринку."),
        ]
        if number % 2:
            fields += [
                ("path", "formal"),
                ("full_name", "Тест Тестович"),
                ("residence", "м. Чугуїв, вул. Миру, 1"),
                ("phone", "+380501234567"),
                ("consent", "on"),
            ]
        else:
            fields.append(("path", "anonymous"))
        bodies.append(tuple(fields))
    return [
        BenchSubmission(
            "hotline filing",
            "/hotline/new/",
            bodies=tuple(bodies),
            count=Complaint.objects.count,
            page_marker='id="receipt-code"',
        )
    ]
