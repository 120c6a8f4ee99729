"""Surveys of confidence in the police and of local security problems.

A survey belongs to a series when the same questionnaire is asked again, wave after
wave, so that answers can be compared over time. Responses are anonymous: they carry
no account, address, browser string or access code, only the answers, the channel and
the day they came in.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Community, in_language, private_storage


class SurveySeries(models.Model):
    """The same questionnaire asked in several waves (for example, every year)."""

    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), unique=True)
    measures_trust = models.BooleanField(
        _("trust series"),
        default=False,
        help_text=_(
            "Its Likert questions marked as trust items define the trust index "
            "(their mean, rescaled from 0 to 100), compared per community and wave."
        ),
    )

    class Meta:
        verbose_name = _("survey series")
        verbose_name_plural = _("survey series")

    def __str__(self):
        return in_language(self, "title")


class SurveyQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def listed(self):
        """What /surveys/ shows: open surveys and closed ones with published results."""
        now = timezone.now()
        return self.filter(
            models.Q(opens_at__lte=now, closes_at__gt=now)
            | models.Q(closes_at__lte=now, results_published_at__isnull=False)
        )

    def counted(self):
        """Closed surveys whose results are counted into their cells."""
        return self.filter(results_counted_at__isnull=False)

    def results_published(self):
        """Surveys whose counted results are published."""
        return self.counted().filter(results_published_at__isnull=False)


class Survey(models.Model):
    class Access(models.TextChoices):
        ANYONE = "anyone", _("anyone (one response per browser)")
        CODES = "codes", _("holders of single-use access codes")

    series = models.ForeignKey(
        SurveySeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("series"),
    )
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), unique=True)
    introduction = models.TextField(_("introduction (Ukrainian)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    communities = models.ManyToManyField(
        Community,
        blank=True,
        related_name="surveys",
        verbose_name=_("communities"),
        help_text=_("Leave empty when the survey covers the whole raion."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    access = models.CharField(
        _("who may answer"), max_length=8, choices=Access.choices, default=Access.ANYONE
    )
    results_published_at = models.DateTimeField(
        _("results published"), null=True, blank=True, editable=False
    )
    # When the result cells were counted; cleared when answers change after closing.
    results_counted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        permissions = [
            ("export_responses", _("Can export survey responses")),
            ("publish_results", _("Can publish survey results")),
            ("enter_paper_responses", _("Can key in paper questionnaires")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
            models.UniqueConstraint(
                fields=["series", "wave"], name="survey_one_wave_number_per_series"
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("surveys:detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        return in_language(self, "title")

    @property
    def display_introduction(self) -> str:
        return in_language(self, "introduction")

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    @property
    def results_visible(self) -> bool:
        """Results stay sealed until the survey has closed and they were published."""
        return self.is_closed and self.results_published_at is not None

    @property
    def measures_trust(self) -> bool:
        return self.series is not None and self.series.measures_trust

    def has_responses(self) -> bool:
        return self.responses.exists()


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return in_language(self, "title")


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        LIKERT = "likert", _("Likert scale 1 to 5")
        RATING = "rating", _("rating 0 to 10")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        COMMUNITY = "community", _("community")

    class Demographic(models.TextChoices):
        NONE = "", _("no")
        AGE_GROUP = "age_group", _("age group")
        GENDER = "gender", _("gender")
        COMMUNITY = "community", _("community")

    CHOICE_TYPES = frozenset({Type.SINGLE, Type.MULTIPLE})
    TEXT_TYPES = frozenset({Type.SHORT_TEXT, Type.LONG_TEXT})

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("A short name for exports, such as q1 or trust_patrol."),
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    text = models.TextField(_("question (Ukrainian)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_text = models.CharField(
        _("explanation (Ukrainian)"), max_length=300, blank=True
    )
    help_text_en = models.CharField(
        _("explanation (English)"), max_length=300, blank=True
    )
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(
        _("offer “other, please specify”"),
        default=False,
        help_text=_("For multiple choice."),
    )
    low_label = models.CharField(_("label of 1 (Ukrainian)"), max_length=80, blank=True)
    low_label_en = models.CharField(
        _("label of 1 (English)"), max_length=80, blank=True
    )
    high_label = models.CharField(
        _("label of 5 (Ukrainian)"), max_length=80, blank=True
    )
    high_label_en = models.CharField(
        _("label of 5 (English)"), max_length=80, blank=True
    )
    is_trust_item = models.BooleanField(
        _("trust item"),
        default=False,
        help_text=_("A Likert question counted in the trust index of a trust series."),
    )
    demographic = models.CharField(
        _("demographic"), max_length=16, choices=Demographic.choices, blank=True
    )
    is_local_problem = models.BooleanField(
        _("local problem"),
        default=False,
        help_text=_(
            "A choice question about local security problems: its answers feed the "
            "candidate priorities that round tables start from."
        ),
    )
    shown_if_option = models.ForeignKey(
        "Option",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown only if this answer was chosen"),
        help_text=_("An option of an earlier single-choice question."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"], name="question_unique_code"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.display_text[:60]}"

    @property
    def display_text(self) -> str:
        return in_language(self, "text")

    @property
    def display_help(self) -> str:
        return in_language(self, "help_text")

    @property
    def field_name(self) -> str:
        return f"q_{self.pk}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label (Ukrainian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"], name="option_unique_code"
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self) -> str:
        return in_language(self, "label")


class Response(models.Model):
    """One filled-in questionnaire; nothing in it points at who filled it in."""

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        PAPER = "paper", _("paper")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    # The day only: a time of day could be matched with the use of an access code.
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    # Copied from the demographic answers, for quotas and filters.
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("community"),
    )
    age_group = models.CharField(_("age group"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "community"], name="response_community"),
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer to one question; a multiple choice gives one row per chosen option."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "option"], name="answer_question_option"),
        ]

    def __str__(self):
        return f"{self.question_id}"


def new_access_code() -> str:
    alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class AccessCode(models.Model):
    """A single-use code for a focus group or a panel. It records only whether it was
    used, never by which response."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="access_codes"
    )
    code = models.CharField(
        _("code"), max_length=16, unique=True, default=new_access_code
    )
    used = models.BooleanField(_("used"), default=False)
    batch = models.CharField(_("batch"), max_length=60, blank=True)

    class Meta:
        ordering = ["batch", "code"]
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")

    def __str__(self):
        return self.code


class Quota(models.Model):
    """A target number of responses for a community, optionally for one age group and
    gender within it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="quotas")
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    age_group = models.CharField(_("age group code"), max_length=40, blank=True)
    gender = models.CharField(_("gender code"), max_length=40, blank=True)
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self):
        return f"{self.community}: {self.target}"


class Export(models.Model):
    """A large export built in the background, with its progress and its file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        SPSS = "spss", _("SPSS: data and syntax (.sps), zipped")

    class Layout(models.TextChoices):
        WIDE = "wide", _("wide: one row per response")
        LONG = "long", _("long: one row per answer")

    class Values(models.TextChoices):
        CODES = "codes", _("codes, as in the codebook")
        LABELS = "labels", _("labels, in the language chosen")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    layout = models.CharField(_("layout"), max_length=8, choices=Layout.choices)
    language = models.CharField(_("labels"), max_length=8, choices=settings.LANGUAGES)
    values = models.CharField(
        _("values"), max_length=8, choices=Values.choices, default=Values.CODES
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("responses"), default=0)
    done = models.PositiveIntegerField(_("exported"), default=0)
    file = models.FileField(
        _("file"), upload_to="surveys/exports/", storage=private_storage, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.survey} {self.format} {self.layout}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class ResultCell(models.Model):
    """One count of the results of a closed survey.

    Built once when results are first needed after closing (see surveys.results), so
    that the public results page adds up a few cells instead of grouping a million
    answers on every visit. A cell without a question counts responses; a cell of a
    question without a value counts those who answered it. Cells come in three
    levels: the whole survey, per community, and per community, age group and gender.
    """

    class Level(models.TextChoices):
        ALL = "all", "all"
        COMMUNITY = "community", "community"
        DETAIL = "detail", "detail"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="cells")
    level = models.CharField(max_length=10, choices=Level.choices)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, related_name="+"
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, related_name="+"
    )
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    value_community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, related_name="+"
    )
    age_group = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["survey", "level"], name="cell_survey_level")]

    def __str__(self):
        return f"{self.survey_id}/{self.question_id}: {self.count}"
