"""The citizen's API: a token for an e-mail and password, then file, list and read one's own
appeals. The same services as the web pages; separate input and output serializers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals.models import (
    Answer,
    Appeal,
    AppealEvent,
    AppealStatus,
    AppealType,
    Attachment,
    Channel,
    Publication,
    PublicationState,
)
from appeals.selectors import citizen_appeals
from appeals.services import appeal_add_information, appeal_file
from appeals.uploads import MAX_FILES
from officials.models import Agency, Deputy, Region
from officials.selectors import active_agency, region_by_code
from portal.accounts.models import User
from portal.api.language import requested_language
from portal.idempotency import OPENAPI_PARAMETER as IDEMPOTENCY_KEY
from portal.idempotency import IdempotentPostMixin
from portal.ratelimit import rate_limit

# --- auth/token/ --------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer[dict[str, Any]]):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, max_length=4096)


class TokenResponseSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()


class TokenObtainView(APIView):
    """Exchange a citizen's e-mail and password for an API token (send it as `Authorization: Token …`)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
        summary="Get an API token",
        tags=["citizen"],
    )
    def post(self, request: Request) -> Response:
        refusal = rate_limit(request._request, "sign_in")
        if refusal:
            raise Throttled(wait=refusal.retry_after)
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=payload.validated_data["email"].lower(),
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("The e-mail address or the password is not right."))
        if user.is_staff:
            # Officials sign in with a second factor; their API tokens come from create_official.
            raise AuthenticationFailed(
                _("Officials get their API token from their administrator, not with a password.")
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


# --- appeals/ -----------------------------------------------------------------------------


class AppealCreateSerializer(serializers.Serializer[dict[str, Any]]):
    agency = serializers.SlugField(
        required=False, allow_null=True, help_text="Slug of the agency (or give `deputy`)."
    )
    deputy = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of the deputy (or give `agency`)."
    )
    region = serializers.CharField(max_length=10, help_text="ISO 3166-2 code, e.g. KZ-75.")
    appeal_type = serializers.ChoiceField(choices=AppealType.choices)
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=settings.DIALOG_APPEAL_TEXT_MAX)
    publish = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Ask for the appeal and its answer to be published in the public register, personal "
            "data masked and without your name, after the agency's moderation. Off by default; "
            "you can withdraw the publication later."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        slug, deputy_id = attrs.get("agency"), attrs.get("deputy")
        if (slug is None) == (deputy_id is None):
            raise ValidationError({"agency": [_("Give one addressee: an agency slug or a deputy id.")]})
        if slug is not None:
            agency = active_agency(slug)
            if agency is None:
                raise ValidationError({"agency": [_("No agency accepting appeals has this slug.")]})
            attrs["agency_obj"], attrs["deputy_obj"] = agency, None
        elif deputy_id is not None:
            deputy = Deputy.objects.filter(pk=deputy_id, is_active=True).select_related("office").first()
            if deputy is None:
                raise ValidationError({"deputy": [_("No deputy accepting appeals has this id.")]})
            attrs["agency_obj"], attrs["deputy_obj"] = None, deputy
        region = region_by_code(attrs["region"].upper())
        if region is None:
            raise ValidationError({"region": [_("Unknown region code.")]})
        attrs["region_obj"] = region
        return attrs


class NamedAgencySerializer(serializers.Serializer[Agency]):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, agency: Agency) -> str:
        return agency.name_in(self.context["language"])


class NamedDeputySerializer(serializers.Serializer[Deputy]):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, deputy: Deputy) -> str:
        return deputy.name_in(self.context["language"])


class NamedRegionSerializer(serializers.Serializer[Region]):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, region: Region) -> str:
        return region.name_in(self.context["language"])


class AppealSerializer(serializers.Serializer[Appeal]):
    tracking_number = serializers.CharField()
    status = serializers.ChoiceField(choices=AppealStatus.choices)
    appeal_type = serializers.ChoiceField(choices=AppealType.choices)
    agency = NamedAgencySerializer(help_text="The agency responsible now.")
    deputy = NamedDeputySerializer(allow_null=True)
    region = NamedRegionSerializer()
    subject = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    due_at = serializers.DateTimeField(help_text="The end of the due day, Asia/Almaty.")
    extended = serializers.BooleanField()
    is_overdue = serializers.BooleanField()
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True)
    complaint_about = serializers.CharField(
        source="complaint_about.tracking_number",
        allow_null=True,
        default=None,
        help_text="For a complaint: the tracking number of the appeal it is about.",
    )


class AttachmentSerializer(serializers.Serializer[Attachment]):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class AnswerSerializer(serializers.Serializer[Answer]):
    text = serializers.CharField()
    sent_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True)


class EventSerializer(serializers.Serializer[AppealEvent]):
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()


class AppealDetailSerializer(AppealSerializer):
    text = serializers.CharField()
    answers = AnswerSerializer(many=True)
    events = serializers.SerializerMethodField()
    publication = serializers.SerializerMethodField(
        help_text="Publication in the public register: pending, published, refused, withdrawn, or null."
    )

    @extend_schema_field(serializers.ChoiceField(choices=PublicationState.choices, allow_null=True))
    def get_publication(self, appeal: Appeal) -> str | None:
        publication = Publication.objects.filter(appeal=appeal).values_list("state", flat=True).first()
        return str(publication) if publication is not None else None

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, appeal: Appeal) -> list[dict[str, Any]]:
        return EventSerializer(appeal.public_events, many=True).data  # type: ignore[attr-defined,return-value]


class InformationSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(max_length=settings.DIALOG_APPEAL_TEXT_MAX)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES,
        help_text="Optional files (multipart/form-data): PDF, JPEG, PNG or DOCX, each at most 10 MB.",
    )


STATUS_PARAMETER = OpenApiParameter("status", str, enum=AppealStatus.values, description="Only this status.")
LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=["kk", "ru", "en"], description="Language of names (default: Accept-Language)."
)
NOT_FOUND = inline_serializer("NotFound", {"detail": serializers.CharField()})


@extend_schema_view(
    list=extend_schema(summary="My appeals", parameters=[STATUS_PARAMETER, LANG_PARAMETER], tags=["citizen"]),
    retrieve=extend_schema(
        summary="One of my appeals",
        parameters=[LANG_PARAMETER],
        responses={200: AppealDetailSerializer, 404: NOT_FOUND},
        tags=["citizen"],
    ),
    information=extend_schema(
        summary="Add information or files to one of my open appeals (the term is unchanged)",
        parameters=[IDEMPOTENCY_KEY],
        request=InformationSerializer,
        responses={201: AppealSerializer, 404: NOT_FOUND},
        tags=["citizen"],
    ),
    create=extend_schema(
        summary="File an appeal",
        parameters=[IDEMPOTENCY_KEY],
        request=AppealCreateSerializer,
        responses={201: AppealSerializer},
        tags=["citizen"],
    ),
)
class CitizenAppealViewSet(
    IdempotentPostMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """The signed-in citizen's own appeals; anybody else's is 404."""

    permission_classes = (IsAuthenticated,)
    serializer_class = AppealSerializer
    lookup_field = "tracking_number"
    lookup_value_regex = r"[A-Za-z0-9-]{1,32}"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Appeal.objects.none()
        user: User = self.request.user  # type: ignore[assignment]
        if self.action == "retrieve":
            return citizen_appeals(user, detail=True)
        wanted = self.request.query_params.get("status") or ""
        if wanted and wanted not in AppealStatus.values:
            raise ValidationError({"status": [_("Unknown status.")]})
        return citizen_appeals(user, status=wanted)

    def get_object(self) -> Appeal:
        self.kwargs[self.lookup_field] = str(self.kwargs[self.lookup_field]).upper()
        return super().get_object()  # type: ignore[no-any-return]

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return AppealDetailSerializer if self.action == "retrieve" else AppealSerializer

    @action(detail=True, methods=["post"])
    def information(self, request: Request, tracking_number: str) -> Response:
        """The same service as the appeal's page: only while the appeal is open, an event the
        officials see, the clock untouched."""
        appeal = self.get_object()
        payload = InformationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        appeal = appeal_add_information(
            actor=request.user,  # type: ignore[arg-type]
            appeal=appeal,
            text=payload.validated_data["text"],
            uploads=payload.validated_data.get("files", []),
        )
        output = AppealSerializer(appeal, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "language": requested_language(self.request)}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = AppealCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        refusal = rate_limit(request._request, "file_appeal")
        if refusal:
            raise Throttled(wait=refusal.retry_after)
        data = payload.validated_data
        appeal = appeal_file(
            actor=request.user,  # type: ignore[arg-type]
            appeal_type=data["appeal_type"],
            agency=data["agency_obj"],
            deputy=data["deputy_obj"],
            region=data["region_obj"],
            subject=data["subject"],
            text=data["text"],
            channel=Channel.API,
            publish=data["publish"],
        )
        output = AppealSerializer(appeal, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)
