"""The hotline's share of the demo data, the benchmark data and the benchmark pages."""

import random
import secrets
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from hotline import actions
from hotline.models import Category, Complaint, ComplaintEvent, PoliceUnit
from portal.bench import BenchPage, csrf_pair
from portal.loadtest import BenchSubmission
from portal.models import Community

UNITS = [
    (
        "Сектор превенції Чугуївського ВП",
        "Prevention sector, Chuhuiv police department",
    ),
    ("Сектор реагування патрульної поліції", "Patrol response sector"),
    ("Ювенальна превенція", "Juvenile prevention"),
]

# (kind, category slug, description, path)
STORIES = [
    (
        "complaint",
        "misconduct",
        "Патрульний розмовляв зі мною зверхньо й відмовився назвати своє прізвище.",
        "formal",
    ),
    (
        "complaint",
        "inaction",
        "Викликали поліцію через бійку біля магазину, екіпаж приїхав через дві години.",
        "formal",
    ),
    (
        "problem",
        None,
        "Біля школи вечорами збирається компанія підлітків, розпивають алкоголь.",
        "anonymous",
    ),
    (
        "problem",
        None,
        "На перехресті біля ринку не працює світлофор, водії не пропускають дітей.",
        "anonymous",
    ),
    (
        "complaint",
        "road-policing",
        "Мене зупинили без пояснення причини і довго перевіряли документи.",
        "anonymous",
    ),
    (
        "thanks",
        None,
        "Дякую дільничному офіцеру, який швидко знайшов вкрадений велосипед сина.",
        "anonymous",
    ),
    (
        "complaint",
        "domestic-violence",
        "Сусідка кілька разів викликала поліцію через чоловіка, але реакції немає.",
        "formal",
    ),
    (
        "suggestion",
        None,
        "Пропоную проводити зустрічі з дільничним у селі хоча б раз на місяць.",
        "anonymous",
    ),
    (
        "complaint",
        "corruption",
        "Під час оформлення ДТП натякали, що питання можна вирішити на місці.",
        "formal",
    ),
    (
        "problem",
        None,
        "У парку немає освітлення, вечорами там небезпечно ходити.",
        "formal",
    ),
]

# The statuses the demo walks complaints through, ending where the list ends.
PATHS = [
    [],
    ["triage"],
    ["triage", "referred"],
    ["triage", "in_progress"],
    ["triage", "awaiting"],
    ["triage", "in_progress", "resolved"],
    ["triage", "resolved"],
    ["triage", "rejected"],
    ["triage", "duplicate"],
    ["returned"],
]

REPLIES = {
    "referred": "Звернення передано до відповідального підрозділу.",
    "in_progress": "Проводимо перевірку, опитуємо свідків.",
    "awaiting": "Уточніть, будь ласка, точну адресу та час події.",
    "resolved": "Перевірку завершено, з працівником проведено роз'яснювальну роботу.",
    "rejected": "Факти, викладені у зверненні, не підтвердилися під час перевірки.",
    "returned": "У зверненні не вказано місце проживання; просимо подати його знову.",
}


def seed_demo(stdout) -> None:
    for name, name_en in UNITS:
        PoliceUnit.objects.update_or_create(name=name, defaults={"name_en": name_en})
    if Complaint.objects.exists():
        stdout.write("Hotline: complaints exist already, none added.")
        return
    operator = User.objects.filter(username="operator").first()
    rng = random.Random(2017)  # noqa: S311 (demo data, not secrets)
    communities = list(
        Community.objects.filter(
            slug__in=["chuhuiv", "malynivka", "novopokrovka", "chkalovske"]
        )
    )
    categories = {c.slug: c for c in Category.objects.all()}
    units = list(PoliceUnit.objects.all())
    first = None
    for number in range(36):
        kind, category, text, path = STORIES[number % len(STORIES)]
        statuses = PATHS[number % len(PATHS)]
        if path == "anonymous" and "returned" in statuses:
            path = "formal"
        received = timezone.now() - timedelta(days=rng.randint(1, 330), hours=number)
        community = rng.choice(communities)
        complaint = Complaint(
            kind=kind,
            category=categories.get(category) if category else None,
            community=community,
            settlement=community.settlements.first(),
            occurred_on=timezone.localdate(received)
            - timedelta(days=rng.randint(0, 5)),
            description=text,
            path=path,
            received_at=received,
            channel=rng.choice(["web", "web", "web", "phone", "letter"]),
        )
        if path == "formal":
            complaint.full_name = rng.choice(
                [
                    "Петренко Олена Іванівна",
                    "Сидоренко Микола Петрович",
                    "Коваленко Тетяна Василівна",
                ]
            )
            complaint.residence = (
                f"{community.settlements.first().name}, вул. Миру, {number}"
            )
            complaint.phone = f"+380 50 000 {1000 + number}"
        with transaction.atomic():
            actions.file_complaint(complaint, files=[], actor=None)
            first = first or complaint
            for step, status in enumerate(statuses, start=1):
                if status == "duplicate" and first.pk == complaint.pk:
                    continue
                actions.change_status(
                    complaint,
                    new_status=status,
                    actor=operator,
                    public_text=REPLIES.get(status, ""),
                    internal_note="Перевірено журнал викликів." if step == 1 else "",
                    unit=rng.choice(units) if status == "referred" else None,
                    duplicate_of=first if status == "duplicate" else None,
                )
            if statuses and statuses[-1] == "resolved" and number % 2:
                actions.rate_answer(
                    complaint,
                    satisfaction=rng.choice([3, 4, 4, 5, 5, 2]),
                    comment="Дякую за відповідь." if number % 3 else "",
                )
        # History happened over days, not in the same second.
        _spread_history(complaint, received, rng)
    stdout.write(f"Hotline: {Complaint.objects.count()} complaints")


def _spread_history(complaint: Complaint, received: datetime, rng) -> None:
    complaint.refresh_from_db()
    moment = received
    for event in complaint.events.order_by("pk"):
        ComplaintEvent.objects.filter(pk=event.pk).update(created_at=moment)
        moment += timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 8))
    updates = {}
    if complaint.first_reply_at:
        updates["first_reply_at"] = received + timedelta(days=rng.randint(1, 12))
    if complaint.closed_at:
        updates["closed_at"] = min(moment, timezone.now())
    if updates:
        Complaint.objects.filter(pk=complaint.pk).update(**updates)


def seed_bench(scale: float, stdout) -> None:
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


def bench_pages() -> list[BenchPage]:
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


def bench_mix() -> list[BenchSubmission]:
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
