"""Every change to articles and comments: checked, atomic, and audited where staff
act. Residents' comments and reports are rows of their own and carry nothing about
the person; the audit log names the page and the comment's id, never its text."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from news.models import Article, Comment
from portal import audit
from portal.retention import Retention


class NewsError(Exception):
    """A change that the staff member may not make (a refused change of status
    raises portal.transitions.TransitionError)."""


# Articles


@transaction.atomic
def save_article(article: Article, *, actor, created: bool) -> Article:
    """Save an article written in the back office; its author is who created it."""
    if created:
        article.author = actor
    article.updated_at = timezone.now()
    article.save()
    audit.record(
        "news.article_created" if created else "news.article_changed",
        actor=actor,
        obj=article,
    )
    return article


@transaction.atomic
def change_article_status(article: Article, *, new_status: str, actor) -> Article:
    """Publish an article (it appears at its publication time) or take it back to
    the drafts."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not actor.has_perm("news.publish_article"):
        raise NewsError(_("You may not publish or unpublish articles."))
    article.ensure_can_move_to(new_status)
    old = article.status
    article.status = new_status
    article.updated_at = timezone.now()
    article.save(update_fields=["status", "updated_at"])
    audit.record(
        "news.article_status", actor=actor, obj=article, old=old, new=new_status
    )
    return article


# Comments


def post_comment(target: models.Model, *, name: str, email: str, text: str) -> Comment:
    """A reader's comment on a page that takes comments, held for moderation unless
    the portal publishes comments at once (COMMENTS_PREMODERATED=false)."""
    status = (
        Comment.Status.PENDING
        if settings.COMMENTS_PREMODERATED
        else Comment.Status.APPROVED
    )
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        name=name.strip(),
        email=email.strip(),
        text=text.strip(),
        status=status,
    )
    return comment


@transaction.atomic
def moderate_comment(comment: Comment, *, new_status: str, actor) -> Comment:
    """Approve, reject or hide a comment. Approving one that readers reported clears
    their reports: later reports count afresh."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not actor.has_perm("news.moderate_comments"):
        raise NewsError(_("You may not moderate comments."))
    comment.ensure_can_move_to(new_status)
    old = comment.status
    comment.status = new_status
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_at"])
    comment.flags.filter(reviewed=False).update(reviewed=True)
    audit.record(
        "news.comment_moderated",
        actor=actor,
        obj=comment.target,
        comment=comment.pk,
        old=old,
        new=new_status,
    )
    return comment


@transaction.atomic
def flag_comment(comment: Comment, *, reason: str) -> Comment:
    """A reader reports a published comment; the third report not yet reviewed hides
    it until a moderator decides."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.flags.create(reason=reason)
    if comment.status != Comment.Status.APPROVED:
        return comment  # hidden already, or waiting for a moderator
    unreviewed = comment.flags.filter(reviewed=False).count()
    if unreviewed >= Comment.FLAGS_TO_HIDE:
        comment.status = Comment.Status.FLAGGED
        comment.save(update_fields=["status"])
        audit.record(
            "news.comment_hidden_by_reports",
            actor=None,
            obj=comment.target,
            comment=comment.pk,
            reports=unreviewed,
        )
    return comment


def erase_commenters_emails(cutoff) -> int:
    """Retention (portal.retention): the e-mail address a commenter left, for
    comments written before `cutoff`; the name and the comment stay as published."""
    return (
        Comment.objects.filter(created_at__lt=cutoff).exclude(email="").update(email="")
    )


def retention_rules():
    return [
        Retention(
            "news.commenters", "COMMENT_EMAIL_RETENTION_DAYS", erase_commenters_emails
        )
    ]
