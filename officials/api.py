"""Public, read-only reference data: regions, agencies, deputies, named in the language asked."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from officials.models import Agency, Deputy, Region
from portal.api.language import requested_language


@extend_schema_field(OpenApiTypes.STR)
class TranslatedNameField(serializers.Field):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return str(value.name_in(self.context["language"]))


class RegionSerializer(serializers.ModelSerializer[Region]):
    name = TranslatedNameField()

    class Meta:
        model = Region
        fields = ("code", "name", "kind")


class AgencySerializer(serializers.ModelSerializer[Agency]):
    name = TranslatedNameField()
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    # "parent" is also DRF's name for a field's container; the metaclass moves declared fields away.
    parent: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Agency
        fields = ("slug", "name", "kind", "region", "parent")


class DeputySerializer(serializers.ModelSerializer[Deputy]):
    name = TranslatedNameField()
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Deputy
        fields = ("id", "name", "chamber", "region", "district")


LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["kk", "ru", "en"],
    description="Language of names (default: Accept-Language).",
)


class ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "language": requested_language(self.request)}


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER]), retrieve=extend_schema(parameters=[LANG_PARAMETER])
)
class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    lookup_field = "code"
    # A key that cannot be a code is not a page (404), and never reaches the database.
    lookup_value_regex = r"[A-Za-z0-9-]{1,10}"
    pagination_class = None


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER]), retrieve=extend_schema(parameters=[LANG_PARAMETER])
)
class AgencyViewSet(ReferenceViewSet):
    queryset = Agency.objects.active().select_related("region", "parent").order_by("slug")
    serializer_class = AgencySerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,100}"
    filterset_fields = ("kind",)


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER]), retrieve=extend_schema(parameters=[LANG_PARAMETER])
)
class DeputyViewSet(ReferenceViewSet):
    queryset = Deputy.objects.filter(is_active=True).select_related("region").order_by("id")
    serializer_class = DeputySerializer
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_fields = ("chamber",)
