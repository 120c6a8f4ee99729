"""Press officers and coordinators write articles in the admin: covers lose their
metadata and get a thumbnail, publication is an audited action, and other roles
cannot write."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.models import Article
from portal.models import AuditEntry
from tests.factories import article, photo_with_gps, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form(**overrides) -> dict:
    return {
        "kind": "prevention",
        "topic": topic("phone-fraud").pk,
        "community": "",
        "title": "Шахрайство телефоном",
        "title_en": "Phone fraud",
        "slug": "phone-fraud",
        "lead": "Як розпізнати шахрая.",
        "lead_en": "",
        "body": "## Ознаки\n\n- поспіх",
        "body_en": "",
        "cover_alt": "Телефон на столі",
        "published_at_0": "2026-11-20",
        "published_at_1": "10:00:00",
        **overrides,
    }


@pytest.mark.parametrize("role", ["press", "coordinator"])
def test_a_writer_adds_an_article_with_a_cover_without_metadata(
    client, role_user, media, role
):
    client.force_login(role_user(role))
    cover = SimpleUploadedFile("phone.jpg", photo_with_gps(), "image/jpeg")

    response = client.post("/en/admin/news/article/add/", form(cover=cover))

    assert response.status_code == 302
    item = Article.objects.get()
    assert item.author is not None
    assert (item.status, item.author.username) == ("draft", role)
    for field, longest in [(item.cover, 1600), (item.cover_thumb, 640)]:
        image = Image.open(io.BytesIO(field.read()))
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
        # Turned upright by the EXIF orientation, then shrunk.
        assert max(image.size) == longest and image.height > image.width
    entry = AuditEntry.objects.get(action="news.article_created")
    assert entry.actor is not None
    assert entry.actor.username == role


def test_a_cover_that_is_not_a_picture_is_refused(client, role_user, media):
    client.force_login(role_user("press"))
    fake = SimpleUploadedFile("cover.jpg", b"%PDF-1.4 not a picture", "image/jpeg")

    response = client.post("/en/admin/news/article/add/", form(cover=fake))

    assert response.status_code == 200
    assert "Upload a valid image." in response.text
    assert 'value="Шахрайство телефоном"' in response.text
    assert not Article.objects.exists()


def test_a_topic_of_the_other_kind_is_refused(client, role_user):
    client.force_login(role_user("press"))
    news_topic = topic("project", kind="news")

    response = client.post("/en/admin/news/article/add/", form(topic=news_topic.pk))

    assert response.status_code == 200
    assert "This topic belongs to the news" in response.text
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", ["press", "coordinator"])
def test_a_writer_publishes_and_unpublishes(client, role_user, role):
    client.force_login(role_user(role))
    item = article(status="draft")

    client.post(
        "/en/admin/news/article/",
        {"action": "publish", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    published = item.status
    client.post(
        "/en/admin/news/article/",
        {"action": "unpublish", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()

    assert (published, item.status) == ("published", "draft")
    assert list(
        AuditEntry.objects.filter(action="news.article_status")
        .order_by("pk")
        .values_list("data", flat=True)
    ) == [
        {"old": "draft", "new": "published"},
        {"old": "published", "new": "draft"},
    ]


@pytest.mark.parametrize("role", ["operator", "analyst", "monitor"])
def test_other_roles_cannot_write_articles(client, role_user, role):
    client.force_login(role_user(role))
    item = article(status="draft")

    assert client.get("/admin/news/article/add/").status_code == 403
    assert client.post("/admin/news/article/add/", form()).status_code == 403
    response = client.post(
        "/admin/news/article/", {"action": "publish", "_selected_action": [item.pk]}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "draft"
