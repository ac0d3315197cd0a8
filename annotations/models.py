"""Annotations: a highlight, note or tag on a passage of an article, anchored like the W3C model says.

``start``/``end`` form the TextPositionSelector and ``exact``/``prefix``/``suffix`` the
TextQuoteSelector, so that an annotation can be found again when the article's body changes.
"""

import uuid
from collections import Counter, defaultdict
from itertools import count

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history import register
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.models import Article, OutOfTrashManager, Quotation, TrashableSpan, TrashableSpanQuerySet
from articles.text import clean_line
from newsroom.permissions import can_moderate_annotations, can_see_every_annotation

CONTEXT_LENGTH = 32


def normalise_tag(name):
    """One spelling per tag: "  Chechnya " and "chechnya" are the same tag, "chechnya"."""
    return " ".join(clean_line(str(name)).split()).lower()


def normalise_tags(names):
    """Normalised tags, each once, in the order given; blank ones dropped."""
    return list(dict.fromkeys(tag for tag in map(normalise_tag, names) if tag))


def tags_named(names):
    """The Tag of each of ``names`` (normalised), in their order: existing ones found in one query,
    whatever their case (as TAGGIT_CASE_INSENSITIVE does), the missing ones made in one insert."""
    found = {}
    for tag in Tag.objects.annotate(lowered=Lower("name")).filter(lowered__in=names).order_by("pk"):
        found.setdefault(tag.lowered, tag)
    missing = [name for name in names if name not in found]
    slugs = {name: Tag().slugify(name) for name in missing}
    taken = set(Tag.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
    # A slug taken already, twice in this batch, or empty: taggit's own save finds it another one.
    clashing = [slug for slug in slugs.values() if slug in taken or not slug]
    clashing += [slug for slug, count in Counter(slugs.values()).items() if count > 1]
    batch = [Tag(name=name, slug=slug) for name, slug in slugs.items() if slug not in clashing]
    try:
        with transaction.atomic():
            bulk_create_with_history(batch, Tag)
    except IntegrityError:
        # Another request made some of them meanwhile: one at a time, then.
        batch = []
    found |= {tag.name: tag for tag in batch}
    for name in missing:
        if name not in found:
            defaults = {"name": name}
            if not slugs[name]:
                # Nothing in "!!!" to slugify: taggit would store an empty slug, which no URL can hold.
                defaults["slug"] = free_slug("tag")
            found[name], _ = Tag.objects.get_or_create(name__iexact=name, defaults=defaults)
    return [found[name] for name in names]


def free_slug(base):
    """``base-1``, ``base-2``…: the first no tag has."""
    taken = set(Tag.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in (f"{base}-{number}" for number in count(1)) if slug not in taken)


def motivation(note, tags):
    """The W3C motivation, from what an annotation holds: a note is commenting, tags alone tagging."""
    if note:
        return "commenting"
    if tags:
        return "tagging"
    return "highlighting"


class AnnotationQuerySet(TrashableSpanQuerySet):
    def visible_to(self, user):
        """Shared annotations, and the private ones of ``user`` itself; a superuser sees every one."""
        if can_see_every_annotation(user):
            return self
        shared = Q(visibility=Annotation.Visibility.SHARED)
        if user.is_authenticated:
            return self.filter(shared | Q(author=user))
        return self.filter(shared)

    def trash_of(self, user):
        """What ``user`` finds in the trash (call it on ``with_trash``): their own annotations, and
        for the Desk also the others' they may see."""
        if not user.is_authenticated:
            return self.none()
        trash = self.in_trash().visible_to(user)
        return trash if can_moderate_annotations(user) else trash.filter(author=user)

    def in_reading_order(self):
        return self.order_by("article_id", "start", "-end", "pk")

    def for_w3c(self):
        """Everything ``w3c.to_jsonld`` reads but the tags (``Annotation.fill_tag_lists``), in one query.

        The article is not joined: a related manager (``article.annotations``) sets it on every row,
        and lists across articles join it without its body (``with_article``).
        """
        return self.select_related("author", "quotation").defer("quotation__text")

    def with_article(self):
        # The body and raw bytes are as long as the article, and an annotation needs neither.
        return self.select_related("article__outlet").defer("article__body", "article__raw")


class Annotation(TrashableSpan):
    class Colour(models.TextChoices):
        YELLOW = "yellow", "Yellow"
        GREEN = "green", "Green"
        BLUE = "blue", "Blue"
        PINK = "pink", "Pink"
        PURPLE = "purple", "Purple"

    class Visibility(models.TextChoices):
        SHARED = "shared", "Shared with the newsroom"
        PRIVATE = "private", "Private to its author"

    span_text_field = "exact"
    reanchored_fields = ("prefix", "suffix", "updated_at")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotations",
    )
    exact = models.TextField(help_text="The annotated text, exactly as in the article's body.")
    prefix = models.CharField(max_length=CONTEXT_LENGTH * 4, blank=True, help_text="The text just before.")
    suffix = models.CharField(max_length=CONTEXT_LENGTH * 4, blank=True, help_text="The text just after.")
    note = models.TextField(blank=True)
    colour = models.CharField(max_length=10, choices=Colour, default=Colour.YELLOW)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.SHARED)
    quotation = models.ForeignKey(
        Quotation, on_delete=models.SET_NULL, null=True, blank=True, related_name="annotations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    tags = TaggableManager(blank=True)
    history = HistoricalRecords()

    objects = OutOfTrashManager.from_queryset(AnnotationQuerySet)()
    with_trash = models.Manager.from_queryset(AnnotationQuerySet)()

    class Meta(TrashableSpan.Meta):
        ordering = ["article", "start"]
        permissions = [("moderate_annotation", "Can hide and restore others' annotations")]
        indexes = [
            # The annotations of one article in reading order.
            models.Index(fields=["article", "start"], name="annotation_article_start_idx"),
        ]

    def __str__(self):
        text = self.exact if len(self.exact) <= 60 else self.exact[:59] + "…"
        return f"{text} ({self.get_colour_display().lower()})"

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.article.slug]) + f"#a-{self.uuid}"

    def clean(self):
        super().clean()
        if self.quotation_id is not None and self.quotation.article_id != self.article_id:
            raise ValidationError({"quotation": "The quotation belongs to another article."})

    @property
    def motivation(self):
        return motivation(self.note, self.tag_list)

    @cached_property
    def tag_list(self):
        """Its tags by name; ``fill_tag_lists`` fetches them for many annotations at once."""
        return sorted(self.tags.all(), key=lambda tag: tag.name) if self.pk else []

    @classmethod
    def fill_tag_lists(cls, annotations):
        """Set ``tag_list`` on every annotation with one query; returns them as a list.

        Not ``prefetch_related("tags")``: taggit builds a queryset per row for it, half a second for
        1,000 annotations.
        """
        annotations = list(annotations)
        tags = defaultdict(list)
        tagged = TaggedItem.objects.filter(
            content_type__app_label=cls._meta.app_label,
            content_type__model=cls._meta.model_name,
            object_id__in=[annotation.pk for annotation in annotations],
        )
        for item in tagged.select_related("tag").order_by("tag__name"):
            tags[item.object_id].append(item.tag)
        for annotation in annotations:
            annotation.tag_list = tags[annotation.pk]
        return annotations

    @classmethod
    def tag_pairs(cls, pks):
        """``{pk: [(name, slug), ...]}``: the tags, sorted by name, of each annotation whose pk is in
        ``pks`` (a list or a subquery), in one query and without a model instance per tag (for lists)."""
        pairs = defaultdict(list)
        tagged = TaggedItem.objects.filter(
            content_type__app_label=cls._meta.app_label,
            content_type__model=cls._meta.model_name,
            object_id__in=pks,
        )
        for pk, name, slug in tagged.order_by("tag__name").values_list("object_id", "tag__name", "tag__slug"):
            pairs[pk].append((name, slug))
        return pairs

    def set_tags(self, names):
        """Replace the tags by ``names``, normalised; an existing tag in any case is reused (once saved).

        In a fixed number of queries however many tags there are, where taggit's ``tags.set`` makes
        several per tag (``w3c.TAGS_MAX`` bounds them too); taggit's m2m_changed signals are sent.
        """
        tags = tags_named(normalise_tags(names))
        content_type = ContentType.objects.get_for_model(self)
        items = TaggedItem.objects.filter(content_type=content_type, object_id=self.pk)
        current = dict(items.values_list("tag_id", "pk"))
        wanted = {tag.pk for tag in tags}
        removed = set(current) - wanted
        added = [tag for tag in tags if tag.pk not in current]

        def signal(action, pk_set):
            m2m_changed.send(
                TaggedItem,
                action=action,
                instance=self,
                reverse=False,
                model=Tag,
                pk_set=pk_set,
                using=items.db,
            )

        if removed:
            signal("pre_remove", removed)
            # Not a fast delete: simple_history's post_delete receiver records each link's removal.
            items.filter(tag_id__in=removed).delete()
            signal("post_remove", removed)
        if added:
            signal("pre_add", {tag.pk for tag in added})
            bulk_create_with_history(
                [TaggedItem(content_type=content_type, object_id=self.pk, tag=tag) for tag in added],
                TaggedItem,
            )
            signal("post_add", {tag.pk for tag in added})
        self.__dict__.pop("tag_list", None)

    def place(self, start, end, exact=None):
        """Anchor at ``body[start:end]``, checking ``exact`` against it when given; fills the context.

        Raises ValidationError when the offsets do not fit or the text there is not ``exact``.
        """
        body = self.article.body
        self.start, self.end = start, end
        error = self.span_error(body, body[start:end] if exact is None else exact)
        if error:
            raise ValidationError({"target": error})
        self.exact = body[start:end]
        self.orphaned = False
        self.fill_context()

    def fill_context(self):
        """Set prefix and suffix from the article's body around start and end."""
        body = self.article.body
        self.prefix = body[max(0, self.start - CONTEXT_LENGTH) : self.start]
        self.suffix = body[self.end : self.end + CONTEXT_LENGTH]


def visible_tags(user):
    """The tags ``user`` may see: those on anything but annotations, and those on the annotations the
    user may see. A tag used only on someone's private (or trashed) annotations is not among them."""
    annotations = ContentType.objects.get_for_model(Annotation)
    items = TaggedItem.objects.filter(tag=OuterRef("pk"))
    on_visible = items.filter(
        content_type=annotations, object_id__in=Annotation.objects.visible_to(user).values("pk")
    )
    return Tag.objects.filter(Exists(items.exclude(content_type=annotations)) | Exists(on_visible))


# Tags are taggit's: their history, and the history of what each tag is put on (an annotation's tags
# included), are kept here, beside the annotations whose tags they are.
register(Tag, app="annotations")
register(TaggedItem, app="annotations")
