"""The news app's share of the bench: articles and comments in bulk, the list, an
article page and the search."""

import random
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from bench.pages import BenchPage, signed_in_cookie
from news.models import Article, Comment, Kind, Topic
from portal.models import Community

BENCH_SLUG = "bench-"
BENCH_COMMENTER = "Читач "
# Words the bench articles are made of; the search benchmark looks for one topic's.
BENCH_TOPIC_WORDS = {
    "project": "проєкт партнери громада співпраця",
    "police-in-communities": "офіцер громади дільничний прийом мешканців",
    "meetings": "круглий стіл зустріч депутати пріоритети",
    "results": "результати статистика звернення відповіді",
    "phone-fraud": "шахрайство телефоном дзвінок картка банк код",
    "domestic-violence": "домашнє насильство припис допомога кривдник",
    "road-safety-children": "дорога діти перехід автокрісло школа",
    "mines": "міни вибухонебезпечні предмети сапери поле",
    "cyber-safety": "кібербезпека пароль акаунт булінг мережа",
}
BENCH_FILLER = (
    "Поліція нагадує мешканцям громади про правила безпеки. Повідомляйте про "
    "порушення за номером 102 або через гарячу лінію порталу. "
)


def _bench_body(rng: random.Random, words: str) -> str:
    vocabulary = words.split()
    paragraphs = []
    for _ in range(6):
        sentence = " ".join(rng.choice(vocabulary) for _ in range(12))
        paragraphs.append(f"{sentence.capitalize()}. {BENCH_FILLER * 2}")
    return "## Що варто знати\n\n" + "\n\n".join(paragraphs)


def seed(scale: float, stdout) -> None:
    """20,000 articles and 200,000 comments at scale 1, in bulk; run again, it adds
    only what is missing."""
    rng = random.Random(11)  # noqa: S311 (benchmark data, not secrets)
    topics = list(Topic.objects.filter(slug__in=BENCH_TOPIC_WORDS).order_by("pk"))
    communities = [*Community.objects.order_by("pk"), None]
    now = timezone.now()
    target = int(20_000 * scale)
    existing = Article.objects.filter(slug__startswith=BENCH_SLUG).count()
    for start in range(existing, target, 2000):
        batch = []
        for n in range(start, min(start + 2000, target)):
            topic = rng.choice(topics)
            # A few drafts and scheduled articles among them, as in real use.
            draft = n % 50 == 7
            batch.append(
                Article(
                    kind=topic.kind,
                    topic=topic,
                    community=rng.choice(communities),
                    slug=f"{BENCH_SLUG}{n}",
                    title=f"{topic.name}: матеріал {n}",
                    lead=f"Коротко про головне: {BENCH_TOPIC_WORDS[topic.slug]}.",
                    body=_bench_body(rng, BENCH_TOPIC_WORDS[topic.slug]),
                    status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
                    published_at=now
                    + timedelta(minutes=rng.randint(-60 * 24 * 1800, 60 * 24 * 3)),
                )
            )
        Article.objects.bulk_create(batch)
    comments = int(200_000 * scale)
    existing = Comment.objects.filter(name__startswith=BENCH_COMMENTER).count()
    if existing < comments:
        article_type = ContentType.objects.get_for_model(Article)
        ids = list(
            Article.objects.filter(slug__startswith=BENCH_SLUG).values_list(
                "pk", flat=True
            )
        )
        statuses = [Comment.Status.APPROVED] * 8 + [
            Comment.Status.PENDING,
            Comment.Status.REJECTED,
        ]
        for start in range(existing, comments, 10_000):
            Comment.objects.bulk_create(
                Comment(
                    content_type=article_type,
                    object_id=rng.choice(ids),
                    name=f"{BENCH_COMMENTER}{n}",
                    text="Дякую, корисна інформація. Поділюся з сусідами.",
                    status=rng.choice(statuses),
                    created_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 1800)),
                )
                for n in range(start, min(start + 10_000, comments))
            )
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes the new rows for a handful and
        # reads the table instead of the search index.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Article._meta.db_table}")
            cursor.execute(f"ANALYZE {Comment._meta.db_table}")
    stdout.write(
        f"News: {Article.objects.count()} articles, {Comment.objects.count()} comments"
    )


BENCH_SEARCH = "шахрайство телефоном"


def pages() -> list[BenchPage]:
    cookie = (("Cookie", signed_in_cookie()),)
    article = (
        Article.objects.visible()
        .filter(slug__startswith=BENCH_SLUG, kind=Kind.PREVENTION)
        .order_by("-published_at")
        .first()
    )
    pages = [BenchPage("news list", "/news/")]
    if article:
        pages.append(
            BenchPage(
                "an article page (uncached)",
                article.get_absolute_url(),
                target=0.3,
                headers=cookie,
            )
        )
    search = "/search/?" + urlencode({"q": BENCH_SEARCH})
    pages.append(BenchPage(f"search “{BENCH_SEARCH}”", search, target=0.1))
    # The same words with a mark that makes every request new: nothing kept answers.
    pages.append(
        BenchPage(f"search “{BENCH_SEARCH}”, never asked before", search, fresh=True)
    )
    return pages
