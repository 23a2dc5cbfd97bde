"""Discovery, the service list and the service definitions, in both formats as the GeoReport v2
specification shows them; service codes stable (slugs and types, never ids)."""

from __future__ import annotations

import pytest

from appeals.models import AppealType
from appeals.tests.open311.conftest import BASE, assert_error, children, json_of, xml_of
from officials.models import Agency, Region

pytestmark = pytest.mark.django_db

ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
]
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]


def test_discovery_lists_the_v2_endpoint_in_json(client) -> None:
    document = json_of(client.get(f"{BASE}/discovery.json"))
    assert set(document) == {"changeset", "contact", "key_service", "endpoints"}
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] in {"production", "test"}
    assert "/api/v1/auth/token/" in document["key_service"]


def test_discovery_in_xml_has_the_specifications_shape(client) -> None:
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None
    assert children(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]


def test_services_are_every_appeal_type_of_every_active_agency(client) -> None:
    Agency.objects.filter(slug="ministry-of-defence").update(is_active=False)
    services = json_of(client.get(f"{BASE}/services.json"))
    active = Agency.objects.active().count()
    assert len(services) == active * len(AppealType.values)
    assert all(list(service) == SERVICE_FIELDS for service in services)
    codes = {service["service_code"] for service in services}
    assert "ministry-of-health.complaint" in codes
    assert not any(code.startswith("ministry-of-defence.") for code in codes)
    health = next(s for s in services if s["service_code"] == "ministry-of-health.complaint")
    assert health["metadata"] is True and health["type"] == "realtime"
    assert "20 working days" in health["description"]  # complaints: 20 working days by law


def test_service_codes_are_made_of_slugs_and_stay_when_ids_change(client) -> None:
    """A code names the agency by its slug: re-creating the agency under a new id (a reload of
    the reference data elsewhere) leaves every code as it was."""
    before = [s["service_code"] for s in json_of(client.get(f"{BASE}/services.json"))]
    agency = Agency.objects.get(slug="ministry-of-health")
    assert not any(str(agency.pk) == code.split(".")[0] for code in before)
    Agency.objects.filter(pk=agency.pk).update(name_en="Renamed ministry")
    after = [s["service_code"] for s in json_of(client.get(f"{BASE}/services.json"))]
    assert after == before


def test_services_in_xml_have_the_specifications_shape(client) -> None:
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == Agency.objects.active().count() * len(AppealType.values)
    assert children(services[0]) == SERVICE_FIELDS
    assert services[0].findtext("metadata") == "true"


def test_services_come_in_the_language_asked_for(client) -> None:
    russian = json_of(client.get(f"{BASE}/services.json", {"lang": "ru"}))
    health = next(s for s in russian if s["service_code"] == "ministry-of-health.complaint")
    assert health["group"] == Agency.objects.get(slug="ministry-of-health").name_ru
    kazakh = json_of(client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="kk"))
    health = next(s for s in kazakh if s["service_code"] == "ministry-of-health.complaint")
    assert health["group"] == Agency.objects.get(slug="ministry-of-health").name_kk


def test_a_service_definition_lists_its_attributes_in_json(client) -> None:
    definition = json_of(client.get(f"{BASE}/services/ministry-of-health.complaint.json"))
    assert definition["service_code"] == "ministry-of-health.complaint"
    attributes = definition["attributes"]
    assert [a["code"] for a in attributes] == ["region", "subject", "publish", "client_request_id"]
    region = attributes[0]
    assert region["datatype"] == "singlevaluelist" and region["required"] is True  # a ministry
    assert {"key": "KZ-75", "name": Region.objects.get(code="KZ-75").name_en} in region["values"]
    assert [value["key"] for value in attributes[2]["values"]] == ["true", "false"]
    assert [a["order"] for a in attributes] == [1, 2, 3, 4]
    for attribute in attributes:
        lists = ["values"] if attribute["datatype"] == "singlevaluelist" else []
        assert list(attribute) == [*ATTRIBUTE_FIELDS, *lists]


def test_a_local_bodys_region_is_optional_and_defaults_to_its_own(client) -> None:
    local = Agency.objects.filter(region__isnull=False, is_active=True).select_related("region").first()
    assert local is not None
    definition = json_of(client.get(f"{BASE}/services/{local.slug}.report.json"))
    region = definition["attributes"][0]
    assert region["required"] is False
    assert local.region is not None and local.region.name_en in region["description"]


def test_a_service_definition_in_xml_has_the_specifications_shape(client) -> None:
    root = xml_of(client.get(f"{BASE}/services/ministry-of-health.complaint.xml"))
    assert root.tag == "service_definition"
    assert children(root) == ["service_code", "attributes"]
    attribute = root.find("attributes/attribute")
    assert attribute is not None
    assert children(attribute) == [*ATTRIBUTE_FIELDS, "values"]
    value = attribute.find("values/value")
    assert value is not None and children(value) == ["key", "name"]


@pytest.mark.parametrize(
    "code",
    ["ministry-of-health.nonsense", "no-such-agency.complaint", "ministry-of-health", "x" * 150 + ".report"],
)
def test_an_unknown_service_code_is_a_404(client, code: str) -> None:
    assert_error(client.get(f"{BASE}/services/{code}.json"), 404)


def test_an_inactive_agencys_services_are_gone(client) -> None:
    Agency.objects.filter(slug="ministry-of-health").update(is_active=False)
    assert_error(client.get(f"{BASE}/services/ministry-of-health.complaint.xml"), 404, fmt="xml")
