"""Articles (news and crime-prevention guides) and readers' comments.

A comment is attached by content type and id, so that the same moderation serves
articles and accountability reports; the apps say which of their objects take comments
(`comment_targets` in their AppConfig, see news.comments).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import BilingualNameMixin, community_field, in_language
from portal.storage import UnguessablePath
from portal.transitions import TransitionsMixin


class Kind(models.TextChoices):
    NEWS = "news", _("news")
    PREVENTION = "prevention", _("prevention guide")


class Topic(BilingualNameMixin):
    """What an article is about: fraud by phone, road safety, the project's news."""

    kind = models.CharField(_("for"), max_length=12, choices=Kind.choices)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.display_name


class ArticleQuerySet(models.QuerySet):
    def visible(self, now=None):
        """Published and due: an article scheduled for later stays hidden till then."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class Article(TransitionsMixin, models.Model):
    """A news item or a prevention guide, by a press officer or a coordinator."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.DRAFT},
    }
    TRANSITION_REFUSED = _("An article that is %(old)s cannot become %(new)s.")

    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWS
    )
    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    lead = models.TextField(
        _("lead (Ukrainian)"),
        max_length=600,
        help_text=_("One or two sentences shown in lists and when the page is shared."),
    )
    lead_en = models.TextField(_("lead (English)"), max_length=600, blank=True)
    body = models.TextField(
        _("text (Ukrainian)"),
        help_text=_(
            "Markdown: headings with #, lists with -, links as [text](address). "
            "HTML is not allowed and is removed."
        ),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("topic"),
    )
    community = community_field(related_name="articles")
    cover = models.ImageField(
        _("cover image"), upload_to=UnguessablePath("news/covers"), blank=True
    )
    cover_thumb = models.ImageField(
        _("cover thumbnail"),
        upload_to=UnguessablePath("news/thumbs"),
        blank=True,
        editable=False,
    )
    cover_alt = models.CharField(
        _("cover description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_(
            "A later time schedules the article: once published, it appears then."
        ),
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    comments = GenericRelation("news.Comment", related_query_name="article")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        indexes = [
            # The lists: one kind, published, newest first.
            models.Index(
                fields=["kind", "status", "-published_at"], name="article_listing"
            ),
            # Related articles: the same topic, newest first.
            models.Index(fields=["topic", "-published_at"], name="article_topic"),
            # The back office's list, newest first, and its drafts or withdrawn ones.
            models.Index(fields=["published_at", "id"], name="article_newest"),
            models.Index(fields=["status", "published_at"], name="article_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"news:{self.kind}-detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        return in_language(self, "title")

    @property
    def display_lead(self) -> str:
        return in_language(self, "lead")

    @property
    def display_body(self) -> str:
        return in_language(self, "body")

    @property
    def shown_language(self) -> str:
        """The language the reader gets the text in: English only where written."""
        return "en" if get_language() == "en" and self.body_en else "uk"

    @property
    def title_in_ukrainian(self) -> bool:
        """An English reader of a list gets this article's title in Ukrainian (it has
        no English title); the lists read no longer text than the title and lead."""
        return get_language() == "en" and not self.title_en

    def is_visible(self, now=None) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= (
            now or timezone.now()
        )


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.APPROVED)

    def with_open_flags(self):
        """Annotated with `open_flags`: readers' reports not yet reviewed.

        A subquery per comment shown, not a join grouped over every comment.
        """
        reports = (
            CommentFlag.objects.filter(comment=models.OuterRef("pk"), reviewed=False)
            .order_by()
            .values("comment")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(open_flags=Coalesce(models.Subquery(reports), 0))

    def reported(self):
        """Comments with readers' reports not yet reviewed."""
        return self.filter(
            models.Exists(
                CommentFlag.objects.filter(
                    comment=models.OuterRef("pk"), reviewed=False
                )
            )
        )

    def on(self, obj: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Comment(TransitionsMixin, models.Model):
    """A reader's comment: a name, an optional e-mail that is never shown, and plain
    text, published once a coordinator approves it (or at once, when the portal is set
    so). Nothing else about the reader is kept: no address, no browser."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("published")
        REJECTED = "rejected", _("rejected")
        FLAGGED = "flagged", _("hidden after readers' reports")
        HIDDEN = "hidden", _("hidden by a moderator")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.HIDDEN, Status.FLAGGED},
        Status.FLAGGED: {Status.APPROVED, Status.HIDDEN},
        Status.HIDDEN: {Status.APPROVED},
        Status.REJECTED: {Status.APPROVED},
    }
    TRANSITION_REFUSED = _("A comment that is %(old)s cannot become %(new)s.")
    # Readers' reports that hide a published comment until a moderator reviews it.
    FLAGS_TO_HIDE = 3

    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("page type"),
    )
    object_id = models.PositiveBigIntegerField(_("page id"))
    target = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    text = models.TextField(_("comment"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("moderate_comments", _("Can approve, reject and hide comments")),
        ]
        indexes = [
            # A page's published comments, newest first.
            models.Index(
                fields=["content_type", "object_id", "status", "-created_at"],
                name="comment_thread",
            ),
            # The moderation queue.
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            # The back office's list of every comment, newest first.
            models.Index(fields=["created_at", "id"], name="comment_created"),
        ]

    def __str__(self):
        return self.text[:60]


class CommentFlag(models.Model):
    """A reader's report that a comment breaks the rules. Who reported it is not kept;
    a signed cookie only stops one browser from reporting a comment twice."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("advertising or spam")
        ABUSE = "abuse", _("insults, threats or hate")
        PERSONAL_DATA = "personal_data", _("someone's personal data")
        OTHER = "other", _("off topic or another reason")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    # Set when a moderator has looked at the comment; later reports count afresh.
    reviewed = models.BooleanField(_("reviewed"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reader's report")
        verbose_name_plural = _("readers' reports")

    def __str__(self):
        return self.get_reason_display()
