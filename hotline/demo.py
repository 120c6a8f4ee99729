"""The hotline's share of the demo data."""

import io
import random
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from hotline import actions
from hotline.models import Category, Complaint, ComplaintEvent, PoliceUnit
from hotline.uploads import CleanFile, clean_upload
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
            settlement = complaint.settlement
            complaint.residence = (
                f"{settlement.name if settlement else community.name}, "
                f"вул. Миру, {number}"
            )
            complaint.phone = f"+380 50 000 {1000 + number}"
        with transaction.atomic():
            actions.file_complaint(
                complaint, files=_demo_files(complaint, number), actor=None
            )
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
        # The operator has taken on some of what is still open, today.
        if operator and not complaint.is_closed and number % 3 == 0:
            actions.assign(complaint, actor=operator, to=operator)
    stdout.write(f"Hotline: {Complaint.objects.count()} complaints")


def _demo_files(complaint: Complaint, number: int) -> list[CleanFile]:
    """A letter comes with its scan (a PDF, as scanners write them); every fourth
    complaint from the web form with a photo of the place."""
    # Drawn with a generator of their own, so that the rest of the data stays the
    # same whatever the pictures take.
    rng = random.Random(number)  # noqa: S311 (demo pictures)
    if complaint.channel == Complaint.Channel.LETTER:
        return [_upload(_drawing(rng, letter=True), "PDF", "scan.pdf")]
    if complaint.channel == Complaint.Channel.WEB and number % 4 == 0:
        return [_upload(_drawing(rng, letter=False), "JPEG", "photo.jpg")]
    return []


def _drawing(rng, *, letter: bool) -> Image.Image:
    if letter:
        # A page of text lines, as a scanned letter looks from afar.
        image = Image.new("L", (620, 877), 250)
        draw = ImageDraw.Draw(image)
        for line in range(14):
            width = rng.randint(300, 520)
            draw.rectangle([50, 90 + line * 44, 50 + width, 100 + line * 44], fill=60)
        return image
    # A street: sky, road and a few houses.
    image = Image.new("RGB", (800, 600), (150, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 420, 800, 600], fill=(90, 90, 95))
    for house in range(4):
        left = 30 + house * 195
        colour = tuple(rng.randint(120, 220) for _ in range(3))
        draw.rectangle([left, 260, left + 150, 420], fill=colour)
    return image


def _upload(image: Image.Image, kind: str, name: str) -> CleanFile:
    output = io.BytesIO()
    image.save(output, kind)
    return clean_upload(SimpleUploadedFile(name, output.getvalue()))


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
