"""The back office of the news: press officers and coordinators write and publish
articles; coordinators moderate readers' comments."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from news import actions
from news.models import Article, Comment, CommentFlag, CommentQuerySet, Topic
from portal.admin_mixins import (
    AutocompleteLabelsMixin,
    CommunityFilter,
    LargeTableMixin,
    PersonalDataReviewMixin,
    PlainLinksMixin,
)
from portal.images import BAD_IMAGE, clean_image, image_kind
from portal.transitions import TransitionError

COVER_LONGEST = 1600
THUMB_LONGEST = 640
RESERVED_SLUGS = {"feed"}


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "kind",
            "topic",
            "community",
            "title",
            "title_en",
            "slug",
            "lead",
            "lead_en",
            "body",
            "body_en",
            "cover",
            "cover_alt",
            "published_at",
        ]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "lead_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is taken by the portal; choose another address name."),
                params={"slug": slug},
            )
        return slug

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        self.thumbnail = None
        if not cover or not hasattr(cover, "content_type"):
            return cover  # unchanged, or cleared
        data = cover.read()
        kind = image_kind(data[:16])
        name = cover.name.rsplit("/", 1)[-1][:80]
        if kind is None:
            raise forms.ValidationError(BAD_IMAGE % {"name": name})
        # Decoded and encoded again: no camera metadata survives; and a thumbnail for
        # the lists.
        self.thumbnail = clean_image(data, kind, name, longest=THUMB_LONGEST).content
        return clean_image(data, kind, name, longest=COVER_LONGEST).content

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        topic, kind = cleaned.get("topic"), cleaned.get("kind")
        if topic and kind and topic.kind != kind:
            self.add_error(
                "topic",
                _("This topic belongs to the %(kind)s; choose one of this kind.")
                % {"kind": topic.get_kind_display()},
            )
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error(
                "cover_alt",
                _("Say what the picture shows, for people who cannot see it."),
            )
        return cleaned

    def save(self, commit=True):
        article = super().save(commit=False)
        thumbnail = getattr(self, "thumbnail", None)
        if thumbnail is not None:
            article.cover_thumb.save(thumbnail.name, thumbnail, save=False)
        elif not article.cover:
            article.cover_thumb = ""
        if commit:
            article.save()
        return article


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "position"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Article)
class ArticleAdmin(
    AutocompleteLabelsMixin, LargeTableMixin, PlainLinksMixin, admin.ModelAdmin
):
    form = ArticleForm
    list_display = ["title", "kind", "topic", "community", "status", "published_at"]
    list_filter = ["kind", "status", "topic", CommunityFilter]
    autocomplete_fields = ["community"]
    list_select_related = ["topic", "community"]
    list_defer = ("lead", "lead_en", "body", "body_en")
    search_fields = ["title", "title_en", "lead"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "author", "updated_at", "page_link"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": [("kind", "topic"), "community"]}),
        (
            _("Text"),
            {
                "fields": [
                    "title",
                    "title_en",
                    "slug",
                    "lead",
                    "lead_en",
                    "body",
                    "body_en",
                ]
            },
        ),
        (_("Cover image"), {"fields": [("cover", "cover_alt")]}),
        (
            _("Publication"),
            {
                "description": _(
                    "An article is published with the list's action “Publish”; it "
                    "appears at its publication time, so a later time schedules it."
                ),
                "fields": [
                    "published_at",
                    "status",
                    "author",
                    "updated_at",
                    "page_link",
                ],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        actions.save_article(obj, actor=request.user, created=not change)

    @admin.display(description=_("page"))
    def page_link(self, article: Article) -> str:
        if not article.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', article.get_absolute_url(), gettext("Open the page")
        )

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("news.publish_article")

    def _change_status(self, request, queryset, status: str) -> None:
        changed = 0
        for article in queryset:
            if article.status == status:
                continue
            try:
                actions.change_article_status(
                    article, new_status=status, actor=request.user
                )
            except (TransitionError, actions.NewsError) as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article changed.", "%(count)d articles changed.", changed
            )
            % {"count": changed},
        )

    @admin.action(
        description=_("Publish (at their publication time)"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self._change_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Take back to drafts"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._change_status(request, queryset, Article.Status.DRAFT)


class CommentFlagInline(admin.TabularInline):
    model = CommentFlag
    extra = 0
    fields = ["created_at", "reason", "reviewed"]
    readonly_fields = ["created_at", "reason", "reviewed"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportedFilter(admin.SimpleListFilter):
    title = _("readers' reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("reported, not yet reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.reported()
        return queryset


@admin.register(Comment)
class CommentAdmin(LargeTableMixin, PersonalDataReviewMixin, admin.ModelAdmin):
    """The moderation queue. Comments are the readers' words: moderators approve,
    reject or hide them, and never edit them."""

    list_display = [
        "excerpt",
        "name",
        "page",
        "status",
        "open_flags",
        "created_at",
    ]
    list_filter = ["status", ReportedFilter, "content_type"]
    search_fields = ["text", "name"]
    readonly_fields = [
        "page",
        "name",
        "email",
        "text",
        "status",
        "created_at",
        "moderated_at",
    ]
    fields = [*readonly_fields]
    inlines = [CommentFlagInline]
    actions = ["approve", "reject", "hide"]
    date_hierarchy = "created_at"
    personal_data_fields = ("text",)

    def get_queryset(self, request):
        return (
            cast(CommentQuerySet, super().get_queryset(request))
            .with_open_flags()
            .prefetch_related("target")
        )

    def has_add_permission(self, request):
        return False  # comments come from readers only

    def has_change_permission(self, request, obj=None):
        return False  # nor are they edited: moderation is by the actions

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("news.moderate_comments")

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.text).chars(80)

    @admin.display(description=_("page"))
    def page(self, comment: Comment) -> str:
        target = comment.target
        if target is None:
            return "-"
        url = target.get_absolute_url()
        return format_html('<a href="{}#comments">{}</a>', url, target)

    @admin.display(description=_("open reports"))
    def open_flags(self, comment: Comment) -> int:
        return comment.open_flags  # type: ignore[attr-defined]  # with_open_flags()

    def _moderate(self, request, queryset, status: str) -> None:
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        done = skipped = 0
        for comment in queryset:
            if comment.status == status:
                continue
            try:
                actions.moderate_comment(comment, new_status=status, actor=request.user)
            except (TransitionError, actions.NewsError):
                skipped += 1
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d comment moderated.", "%(count)d comments moderated.", done
            )
            % {"count": done},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment could not take that status.",
                    "%(count)d comments could not take that status.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Approve: publish them"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED)
        self.warn_of_personal_data(request, queryset)

    @admin.action(description=_("Reject"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.REJECTED)

    @admin.action(description=_("Hide from the page"), permissions=["moderate"])
    def hide(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.HIDDEN)
