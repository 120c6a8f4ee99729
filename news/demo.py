"""The news app's share of the demo data."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from news.models import Article, Comment, CommentFlag, Kind, Topic
from portal.images import clean_image
from portal.models import Community

# (kind, topic, community or "", slug, title, title in English, lead, body)
DEMO_ARTICLES = [
    (
        Kind.NEWS,
        "project",
        "",
        "proiekt-startuvav",
        "Проєкт «Моя громада. Моя поліція» стартував у районі",
        "The project “My Community. My Police” starts in the raion",
        "Чугуївська правозахисна група та відділ поліції разом з громадами "
        "визначатимуть місцеві пріоритети безпеки.",
        """## Що передбачає проєкт

Упродовж року в громадах району відбудуться:

- опитування про довіру до поліції та місцеві проблеми безпеки;
- круглі столи, де мешканці разом із поліцією визначать пріоритети;
- тренінги для депутатів, журналістів та активістів;
- лекції в школах.

## Як долучитися

Слідкуйте за [подіями](/events/) та відповідайте на [опитування](/surveys/).
Скарги й подяки щодо роботи поліції можна залишити на [гарячій лінії](/hotline/).
""",
    ),
    (
        Kind.NEWS,
        "meetings",
        "chuhuiv",
        "kruhlyi-stil-chuhuiv",
        "У Чугуєві визначили три пріоритети безпеки на півроку",
        "",
        "Мешканці, депутати та поліцейські погодили, чим поліція займатиметься "
        "насамперед.",
        """На круглому столі в міській раді зібралися понад сорок людей.

## Погоджені пріоритети

1. Безпека дітей біля шкіл у години занять.
2. Освітлення вулиць приватного сектору.
3. Протидія шахрайству щодо літніх людей.

За виконанням можна стежити на сторінці [пріоритетів](/accountability/priorities/).
""",
    ),
    (
        Kind.NEWS,
        "police-in-communities",
        "malynivka",
        "novyi-ofitser-hromady-malynivka",
        "У Малинівській громаді працює новий поліцейський офіцер громади",
        "A new community police officer in Malynivka",
        "Офіцер громади приймає мешканців щосереди в приміщенні селищної ради.",
        """Поліцейський офіцер громади — це дільничний, який працює лише в одній
громаді та знає її проблеми.

**Прийом громадян:** щосереди з 10:00 до 13:00, селищна рада, кабінет 4.

Питання, що не потребують негайного реагування, можна також надіслати через
гарячу лінію порталу.
""",
    ),
    (
        Kind.NEWS,
        "results",
        "",
        "zvit-pro-hariachu-liniiu",
        "Гаряча лінія за квартал: на що скаржилися мешканці",
        "",
        "Найчастіше мешканці повідомляли про повільне реагування на виклики та "
        "порушення на дорогах.",
        """Правозахисники та поліція щокварталу оприлюднюють підсумки роботи гарячої
лінії. Детальна статистика — на сторінці [гарячої лінії](/hotline/stats/).

## Що змінилося

- Середній час до першої відповіді скоротився.
- Більше звернень отримали відповідь у встановлений законом строк.
""",
    ),
    (
        Kind.NEWS,
        "meetings",
        "novopokrovka",
        "zustrich-z-deputatamy-novopokrovka",
        "Депутати Новопокровської громади зустрілися з поліцією",
        "",
        "Говорили про патрулювання в нічний час та безпеку на зупинках.",
        """На зустрічі депутати передали поліції звернення мешканців трьох вулиць.

Поліція пообіцяла звітувати про виконання на наступній сесії ради.
""",
    ),
    (
        Kind.NEWS,
        "project",
        "",
        "trenninh-dlia-zhurnalistiv",
        "Журналісти району пройшли тренінг з висвітлення роботи поліції",
        "",
        "Як писати про злочини, не порушуючи права потерпілих і підозрюваних.",
        """Тренінг провели юристи правозахисної групи.

## Головне

- Не публікувати персональні дані потерпілих.
- Дотримуватися презумпції невинуватості.
- Перевіряти інформацію в кількох джерелах.
""",
    ),
    (
        Kind.NEWS,
        "police-in-communities",
        "chkalovske",
        "patruli-bilia-shkil-chkalovske",
        "Біля шкіл Чкаловського посилили патрулювання",
        "",
        "Патрульні чергують на переходах на початку та наприкінці уроків.",
        """Рішення ухвалили після звернень батьків на гарячу лінію та обговорення на
круглому столі.
""",
    ),
    (
        Kind.NEWS,
        "results",
        "chuhuiv",
        "opytuvannia-doviry-rezultaty",
        "Довіра до поліції в Чугуєві зросла: результати опитування",
        "Trust in the police in Chuhuiv has grown: survey results",
        "Результати другої хвилі опитування оприлюднено на порталі.",
        """Опитування провели соціологи університету разом із правозахисною групою.
Результати за громадами, віком і статтю — у розділі [опитувань](/surveys/).
""",
    ),
    (
        Kind.NEWS,
        "project",
        "",
        "lektsii-v-shkolakh",
        "Поліцейські провели двадцять лекцій у школах району",
        "",
        "Учні говорили про кібербезпеку, булінг і безпеку на дорогах.",
        """Школи можуть замовити лекцію через форму на сторінці
[подій](/events/request/).
""",
    ),
    (
        Kind.NEWS,
        "meetings",
        "",
        "hromadski-formuvannia-zustrich",
        "Громадські формування з охорони порядку обмінялися досвідом",
        "",
        "Представники трьох формувань розповіли про спільні патрулі з поліцією.",
        """Перелік формувань і їхню діяльність можна переглянути на сторінці
[громадських формувань](/accountability/formations/).
""",
    ),
    (
        Kind.PREVENTION,
        "phone-fraud",
        "",
        "shakhraistvo-telefonom-iak-rozpiznaty",
        "Шахрайство телефоном: як розпізнати і що робити",
        "Phone fraud: how to recognise it and what to do",
        "«Ваш родич потрапив у ДТП», «з вашої картки списують гроші» — так "
        "починаються найпоширеніші шахрайські дзвінки.",
        """## Ознаки шахрайства

- Вас квапять і не дають часу подумати.
- Просять назвати код із SMS, CVV-код або пароль.
- Пропонують перевести гроші на «безпечний рахунок».

## Що робити

1. Покладіть слухавку.
2. Зателефонуйте родичу або в банк самі, за номером на картці.
3. Повідомте поліцію за номером **102**.

Банк ніколи не просить код із SMS.
""",
    ),
    (
        Kind.PREVENTION,
        "phone-fraud",
        "",
        "shakhraistvo-lysty-vid-banku",
        "Фальшиві повідомлення від «банку» в месенджерах",
        "",
        "Шахраї створюють сторінки, схожі на банківські, щоб отримати дані картки.",
        """Перевіряйте адресу сайту і не переходьте за посиланнями з повідомлень.
Якщо ви вже ввели дані картки — негайно заблокуйте її через банк.
""",
    ),
    (
        Kind.PREVENTION,
        "domestic-violence",
        "",
        "domashnie-nasylstvo-kudy-zvertatysia",
        "Домашнє насильство: куди звертатися по допомогу",
        "Domestic violence: where to turn for help",
        "Домашнє насильство — це не «сімейна справа». Поліція зобов'язана "
        "відреагувати на кожен виклик.",
        """## Куди звернутися

- Поліція: **102**.
- Національна гаряча лінія з протидії домашньому насильству: **116 123**
  або **0 800 500 335**.
- Центр надання соціальних послуг вашої громади.

## Що може поліція

Поліція може винести **терміновий заборонний припис** — кривдник має залишити
житло на строк до 10 діб.
""",
    ),
    (
        Kind.PREVENTION,
        "domestic-violence",
        "",
        "iak-dopomohty-susidtsi",
        "Як допомогти, якщо насильство відбувається поруч",
        "",
        "Свідок може врятувати життя: повідомлення до поліції можна зробити анонімно.",
        """Не намагайтеся самостійно зупинити кривдника, якщо це небезпечно.
Зателефонуйте **102** і назвіть точну адресу.
""",
    ),
    (
        Kind.PREVENTION,
        "road-safety-children",
        "",
        "bezpeka-ditei-na-dorozi-shkola",
        "Дорога до школи: сім правил для дітей і батьків",
        "The way to school: seven rules for children and parents",
        "Більшість дорожніх пригод з дітьми стається поблизу дому та школи.",
        """1. Пройдіть маршрут разом з дитиною кілька разів.
2. Переходьте дорогу лише пішохідним переходом.
3. Зупиніться, подивіться ліворуч і праворуч.
4. Не перебігайте дорогу перед транспортом.
5. Удосвіта та ввечері — світловідбивні елементи на одязі.
6. Навушники знімайте біля дороги.
7. Подавайте приклад: діти повторюють за дорослими.
""",
    ),
    (
        Kind.PREVENTION,
        "road-safety-children",
        "",
        "dytiache-avtokrislo",
        "Дитяче автокрісло: що каже закон",
        "",
        "Дітей зростом до 145 см або молодших за 12 років перевозять у спеціальних "
        "кріслах.",
        """Правила дорожнього руху вимагають спеціальних засобів, що відповідають
зросту і вазі дитини. Штраф — не головне: крісло рятує життя.
""",
    ),
    (
        Kind.PREVENTION,
        "mines",
        "",
        "vybukhonebezpechni-predmety-pravyla",
        "Міни та вибухонебезпечні предмети: правила безпеки",
        "Mines and explosive objects: safety rules",
        "Побачили підозрілий предмет — не підходьте, не торкайтеся, телефонуйте "
        "101 або 102.",
        """## Три «не»

- **Не** підходьте і не торкайтеся.
- **Не** фотографуйте зблизька.
- **Не** намагайтеся перенести чи знешкодити.

## Що зробити

Позначте місце, відійдіть тим самим шляхом, яким прийшли, і повідомте
рятувальників (**101**) або поліцію (**102**).
""",
    ),
    (
        Kind.PREVENTION,
        "mines",
        "",
        "rozminuvannia-poliv",
        "Обстеження полів: що знати фермерам",
        "",
        "Поля, де велися бойові дії, перед обробітком мають обстежити сапери.",
        """Заявку на обстеження подають до ДСНС. Не обробляйте землю до висновку
саперів.
""",
    ),
    (
        Kind.PREVENTION,
        "cyber-safety",
        "",
        "kiberbezpeka-dlia-pidlitkiv",
        "Кібербезпека для підлітків: паролі, листування, кібербулінг",
        "Cyber-safety for teenagers",
        "Як захистити свої акаунти і що робити, якщо в мережі цькують.",
        """## Паролі

- Різні паролі для різних сервісів.
- Двофакторна автентифікація всюди, де вона є.

## Кібербулінг

Збережіть скриншоти, заблокуйте кривдника і розкажіть дорослим, яким довіряєте.
Про погрози повідомляйте поліцію.
""",
    ),
    (
        Kind.PREVENTION,
        "cyber-safety",
        "",
        "internet-shakhraistvo-oholoshennia",
        "Шахрайство на сайтах оголошень",
        "",
        "«Покупець» просить дані картки, щоб «переказати гроші» — це шахрайство.",
        """Для отримання переказу достатньо номера картки. Ніколи не називайте
термін дії, CVV-код або коди з SMS.
""",
    ),
]

# (name, text, status, reports)
DEMO_COMMENTS = [
    ("Олена", "Дякую за корисну інформацію! Перешлю батькам.", "approved", 0),
    ("Василь", "А коли буде наступна зустріч у нашому селі?", "approved", 0),
    ("Ірина", "Минулого тижня мені теж дзвонили такі «банкіри».", "pending", 0),
    ("Гість", "Купуйте дешеві телефони за посиланням!!!", "rejected", 0),
    ("Анонім", "Усі вони однакові, нічого не зміниться.", "flagged", 3),
    ("Петро", "Тут був номер телефону сусіда, прихований модератором.", "hidden", 1),
]

COVER_COLOURS = ["#0b4f9c", "#ffd500", "#2a9d8f", "#e76f51", "#264653", "#6a4c93"]


def _cover(n: int):
    """A plain picture for a demo article, cleaned as an upload would be."""
    image = Image.new("RGB", (1200, 675), COVER_COLOURS[n % len(COVER_COLOURS)])
    draw = ImageDraw.Draw(image)
    for k in range(6):
        draw.ellipse(
            (100 + k * 160, 200 + (k % 2) * 120, 260 + k * 160, 360 + (k % 2) * 120),
            fill="#ffffff",
        )
    data = io.BytesIO()
    image.save(data, "JPEG", quality=85)
    raw = data.getvalue()
    return (
        clean_image(raw, "JPEG", "cover.jpg", longest=1600).content,
        clean_image(raw, "JPEG", "cover.jpg", longest=640).content,
    )


@transaction.atomic
def seed_demo(stdout) -> None:
    if Article.objects.exists():
        stdout.write("News: articles exist already, none added.")
        return
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    communities = {c.slug: c for c in Community.objects.all()}
    author = get_user_model().objects.filter(username="press").first()
    now = timezone.now()
    articles = []
    for n, (kind, topic, place, slug, title, title_en, lead, body) in enumerate(
        DEMO_ARTICLES
    ):
        article = Article(
            kind=kind,
            topic=topics[topic],
            community=communities.get(place),
            slug=slug,
            title=title,
            title_en=title_en,
            lead=lead,
            body=body,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=3 * n + 1, hours=n),
        )
        if n % 3 == 0:
            cover, thumb = _cover(n)
            article.cover.save(f"{slug}.jpg", cover, save=False)
            article.cover_thumb.save(f"{slug}.jpg", thumb, save=False)
            article.cover_alt = "Ілюстрація: кольорові кола на тлі"
        article.save()
        articles.append(article)
    # A draft and a scheduled article, seen by staff only until they are due.
    Article.objects.create(
        kind=Kind.NEWS,
        topic=topics["project"],
        slug="chernetka-pidsumky-roku",
        title="Підсумки року (чернетка)",
        lead="Чернетку бачать лише працівники пресслужби.",
        body="Текст готується.",
        author=author,
    )
    Article.objects.create(
        kind=Kind.PREVENTION,
        topic=topics["phone-fraud"],
        slug="zaplanovano-shakhraistvo-sviata",
        title="Шахрайство перед святами",
        lead="Опубліковано буде завтра.",
        body="Текст готується.",
        author=author,
        status=Article.Status.PUBLISHED,
        published_at=now + timedelta(days=1),
    )
    _demo_comments(articles, now)
    stdout.write(
        f"News: {Article.objects.count()} articles, {Comment.objects.count()} comments"
    )


def _demo_comments(articles, now) -> None:
    from django.apps import apps

    targets = articles[:4]
    if apps.is_installed("accountability"):
        report_model = apps.get_model("accountability", "Report")
        report = report_model.objects.filter(status="published").first()
        if report:
            targets.append(report)
    for t, target in enumerate(targets):
        for c, (name, text, status, reports) in enumerate(DEMO_COMMENTS):
            if (t + c) % 2 and status == "approved":
                continue
            comment = Comment.objects.create(
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                name=name,
                text=text,
                status=status,
                created_at=now - timedelta(hours=5 * c + t),
                moderated_at=None if status == "pending" else now,
            )
            CommentFlag.objects.bulk_create(
                CommentFlag(comment=comment, reason=CommentFlag.Reason.ABUSE)
                for _ in range(reports)
            )
