"""Full-text search of the register in Kazakh, Russian and English (PostgreSQL).

Each publication keeps one `tsvector` (`Publication.search_document`, GIN-indexed by migration
0012): its masked subject (weight A), text (B) and published answers (C), each in the `russian`,
`english` and `simple` configurations at once — the citizen may write in any of the three
whatever page they filed from, and Kazakh has no stemmer, so `simple` matches its words as
written. A query is the OR of the same three `websearch` queries, so «дороги» finds «дорога»,
"roads" finds "road", and «жол» finds «жол». The document is built from masked words only, so a
search for an IIN never reveals which appeal held it. Elsewhere (SQLite) a substring match.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

from appeals.models import Answer, Publication, PublicationQuerySet
from appeals.register.masking import mask_for_register

CONFIGS = ("russian", "english", "simple")
MAX_QUERY_LENGTH = 200


def _vector_sql(placeholder: str, weight: str) -> str:
    return " || ".join(f"setweight(to_tsvector('{c}', {placeholder}), '{weight}')" for c in CONFIGS)


# Built from constants only; the words are parameters.
_DOCUMENT = " || ".join(
    _vector_sql(placeholder, weight)
    for placeholder, weight in (("%(subject)s", "A"), ("%(text)s", "B"), ("%(answers)s", "C"))
)
_UPDATE = f"UPDATE appeals_publication SET search_document = {_DOCUMENT} WHERE id = %(id)s"  # noqa: S608


def published_answer_texts(publication: Publication) -> list[str]:
    """The appeal's answers as the register shows them (withheld ones left out), masked."""
    appeal = publication.appeal
    texts = Answer.objects.filter(appeal_id=appeal.pk, register_withheld=False).values_list("text", flat=True)
    return [
        mask_for_register(
            text, citizen_name=appeal.citizen.full_name, hidden_phrases=publication.hidden_phrases
        )
        for text in texts
    ]


def refresh_search_document(publication_id: int) -> None:
    """Rebuild one publication's document from what the public can read now."""
    if connection.vendor != "postgresql":
        return
    publication = Publication.objects.select_related("appeal__citizen").get(pk=publication_id)
    params = {
        "id": publication.pk,
        "subject": publication.public_subject,
        "text": publication.public_text,
        "answers": " ".join(published_answer_texts(publication)),
    }
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE, params)


def search_query(text: str) -> SearchQuery:
    query = SearchQuery(text, config=CONFIGS[0], search_type="websearch")
    for config in CONFIGS[1:]:
        query = query | SearchQuery(text, config=config, search_type="websearch")
    return query


def search(publications: PublicationQuerySet, text: str) -> PublicationQuerySet:
    """`publications` matching `text`, best match first (then the newest)."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return publications
    if connection.vendor != "postgresql":
        return publications.filter(Q(public_subject__icontains=text) | Q(public_text__icontains=text))
    query = search_query(text)
    return (
        publications.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-rank", "-published_at", "-id")
    )
