"""The consultations' API: the public list and detail (results with `_ci` intervals once public),
and a verified citizen's vote. The same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from blogs.consultations.models import Consultation, QuestionKind, Stage
from blogs.consultations.results import OptionResult, QuestionResult, RegionResult, consultation_results
from blogs.consultations.selectors import (
    public_consultation,
    public_consultations,
    published_comments,
    published_response,
)
from blogs.consultations.services import consultation_vote
from officials.models import Region
from portal.api.language import requested_language
from portal.idempotency import OPENAPI_PARAMETER as IDEMPOTENCY_KEY
from portal.idempotency import IdempotentPostMixin
from portal.masking import plain_masked

LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=["kk", "ru", "en"], description="Language of names (default: Accept-Language)."
)
READ_PARAMETERS = {"lang", "page", "page_size", "format"}
ERROR = inline_serializer(
    "ConsultationError", {"detail": serializers.CharField(), "code": serializers.CharField(required=False)}
)
CI = serializers.ListField(
    child=serializers.FloatField(),
    min_length=2,
    max_length=2,
    allow_null=True,
    help_text="95 % Wilson interval [low, high].",
)


class NamedSerializer(serializers.Serializer[Any]):
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return str(obj.name_in(self.context["language"]))


class ConsultationAgencySerializer(NamedSerializer):
    slug = serializers.CharField()


class ConsultationRegionSerializer(NamedSerializer):
    code = serializers.CharField()


class ConsultationSerializer(serializers.Serializer[Consultation]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    agency = ConsultationAgencySerializer()
    region = ConsultationRegionSerializer()
    language = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    stage = serializers.SerializerMethodField()
    results_live = serializers.BooleanField(help_text="Results are shown while the consultation is open.")
    response_days = serializers.IntegerField(
        help_text="Working days after closing within which the response is due."
    )
    response_due_on = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Stage.choices))
    def get_stage(self, consultation: Consultation) -> str:
        return consultation.stage(self.context["now"])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_response_due_on(self, consultation: Consultation) -> str | None:
        appeal = consultation.response_appeal
        return appeal.due_on.isoformat() if appeal is not None else None


class ConsultationOptionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]


class ConsultationQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    options = ConsultationOptionSerializer(many=True)


class ConsultationFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class ConsultationCommentSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="As published: personal data masked.")
    created_at = serializers.DateTimeField()


class ConsultationResponseSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    published_at = serializers.DateTimeField(source="sent_at")
    due_on = serializers.DateField()
    on_time = serializers.BooleanField()


class ConsultationOptionResultSerializer(serializers.Serializer[OptionResult]):
    option = serializers.IntegerField(source="option_id")
    label = serializers.CharField()  # type: ignore[assignment]
    votes = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Share of the question's voters who chose it.")
    share_ci = CI


class ConsultationRegionResultSerializer(serializers.Serializer[RegionResult]):
    region = ConsultationRegionSerializer()
    voters = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField(help_text="Too few voters to publish without identifying someone.")
    options = ConsultationOptionResultSerializer(many=True)


class ConsultationQuestionResultSerializer(serializers.Serializer[QuestionResult]):
    question = serializers.IntegerField(source="question.pk")
    voters = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="Scale questions: the mean of 1 to 5.")
    options = ConsultationOptionResultSerializer(many=True)
    by_region = ConsultationRegionResultSerializer(many=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    draft_text = serializers.CharField(help_text="The draft, in Markdown.")
    questions = ConsultationQuestionSerializer(many=True, source="questions.all")
    files = ConsultationFileSerializer(many=True, source="files.all")
    comments = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    response = serializers.SerializerMethodField()

    @extend_schema_field(ConsultationCommentSerializer(many=True))
    def get_comments(self, consultation: Consultation) -> list[dict[str, Any]]:
        return ConsultationCommentSerializer(
            [{"text": c.public_text, "created_at": c.created_at} for c in published_comments(consultation)],
            many=True,
        ).data  # type: ignore[return-value]

    @extend_schema_field(
        ConsultationQuestionResultSerializer(
            many=True, allow_null=True, help_text="Null until the results are public."
        )
    )
    def get_results(self, consultation: Consultation) -> list[dict[str, Any]] | None:
        if not consultation.results_public_at(self.context["now"]):
            return None
        questions = list(consultation.questions.all())
        rows = consultation_results(consultation, questions=questions)
        return ConsultationQuestionResultSerializer(rows, many=True, context=self.context).data  # type: ignore[arg-type,return-value]

    @extend_schema_field(
        ConsultationResponseSerializer(
            allow_null=True, help_text="The agency's published response, once sent."
        )
    )
    def get_response(self, consultation: Consultation) -> dict[str, Any] | None:
        found = published_response(consultation)
        if found is None:
            return None
        data = ConsultationResponseSerializer(found).data
        data["text"] = plain_masked(found.text)
        return data  # type: ignore[return-value]


class ConsultationAnswerInputSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    options = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=20
    )


class ConsultationVoteInputSerializer(serializers.Serializer[Any]):
    region = serializers.CharField(
        max_length=10, help_text="ISO 3166-2 code of the region you live in, e.g. KZ-75."
    )
    answers = ConsultationAnswerInputSerializer(many=True, min_length=1, max_length=50)  # type: ignore[call-arg]
    replace = serializers.BooleanField(
        default=False,
        help_text="Change a vote already cast (before closing); otherwise a second vote is refused.",
    )

    def validate_region(self, code: str) -> Region:
        region = Region.objects.filter(code=code.upper()).first()
        if region is None:
            raise ValidationError(_("Unknown region code."))
        return region

    def validate_answers(self, answers: list[dict[str, Any]]) -> dict[int, list[int]]:
        grouped: dict[int, list[int]] = {}
        for answer in answers:
            if answer["question"] in grouped:
                raise ValidationError(_("Answer each question once."))
            grouped[answer["question"]] = answer["options"]
        return grouped


class ConsultationBallotSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField(source="question_id")
    options = serializers.ListField(child=serializers.IntegerField())
    cast_at = serializers.DateTimeField()
    changed_at = serializers.DateTimeField(allow_null=True)


class ConsultationVoteResultSerializer(serializers.Serializer[Any]):
    consultation = serializers.IntegerField()
    ballots = ConsultationBallotSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        summary="Public consultations", parameters=[LANG_PARAMETER], tags=["consultations"], auth=[]
    ),
    retrieve=extend_schema(
        summary="One public consultation: the draft, questions, comments, results and response",
        parameters=[LANG_PARAMETER],
        responses={200: ConsultationDetailSerializer, 404: ERROR},
        tags=["consultations"],
        auth=[],
    ),
    vote=extend_schema(
        summary="Vote (a citizen whose identity the national identity provider confirmed; once per question)",
        parameters=[IDEMPOTENCY_KEY],
        request=ConsultationVoteInputSerializer,
        responses={201: ConsultationVoteResultSerializer, 403: ERROR, 404: ERROR, 409: ERROR},
        tags=["consultations"],
    ),
)
class ConsultationViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Published consultations; anything unpublished is 404."""

    lookup_value_regex = r"[0-9]{1,18}"

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.action == "vote" else [AllowAny()]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.request.method == "GET":
            unknown = sorted(set(self.request.query_params) - READ_PARAMETERS)
            if unknown:
                raise ValidationError({name: [_("Unknown query parameter.")] for name in unknown})
        return public_consultations()

    def get_object(self) -> Consultation:
        found = public_consultation(int(self.kwargs["pk"]))
        if found is None:
            raise NotFound(_("No published consultation has this id."))
        return found

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return ConsultationDetailSerializer if self.action == "retrieve" else ConsultationSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "language": requested_language(self.request),
            "now": timezone.now(),
        }

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_queryset()  # refuses unknown parameters
        return super().retrieve(request, *args, **kwargs)

    @action(detail=True, methods=["post"])
    def vote(self, request: Request, pk: str) -> Response:
        consultation = self.get_object()
        payload = ConsultationVoteInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        ballots = consultation_vote(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
            region=data["region"],
            answers=data["answers"],
            replace=data["replace"],
        )
        output = {
            "consultation": consultation.pk,
            "ballots": [
                {
                    "question_id": b.question_id,
                    "options": sorted(c.option_id for c in b.choices.all()),
                    "cast_at": b.cast_at,
                    "changed_at": b.changed_at,
                }
                for b in ballots
            ],
        }
        return Response(ConsultationVoteResultSerializer(output).data, status=status.HTTP_201_CREATED)
