"""The REST API as a script uses it: logged in or refused, the pages' filters, cheap pages, a schema it keeps."""

import base64
import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from cadre.core.dates import add_months
from tests.rotation.plans import lai_chau_plan
from tests.users import make_user

from .factories import discipline, registry, three_people

pytestmark = pytest.mark.usefixtures("geography")
PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def user(db, django_user_model):
    return make_user(password=PASSWORD)


@pytest.fixture
def api(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def people(db, geography):
    return three_people()


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["full_name"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/officials/", "/api/officials/1/", "/api/postings/", "/api/evaluations/", "/api/schema/"],
)
def test_anonymous_requests_are_refused_not_redirected(client, db, path):
    response = client.get(path)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")


def test_the_docs_page_sends_a_person_to_the_login(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_docs_page_works_offline_for_a_signed_in_person(api):
    html = api.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html and "/api/schema/" in html
    assert "cdn." not in html and "unpkg" not in html


def test_http_basic_credentials_work_for_scripts(client, user, people):
    good = basic_auth("canbo", PASSWORD)["Authorization"]
    assert client.get("/api/officials/", HTTP_AUTHORIZATION=good).status_code == 200
    wrong = basic_auth("canbo", "sai")["Authorization"]
    assert client.get("/api/officials/", HTTP_AUTHORIZATION=wrong).status_code == 401


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}),
        ({"province": "31"}, {"Nguyễn Văn An"}),
        ({"commune": "00004"}, {"Trần Thị Bình"}),
        ({"position": "bi_thu"}, {"Nguyễn Văn An"}),
        ({"age_band": "35_44"}, {"Lê Văn Cường"}),
        ({"evaluation": "KHTNV"}, {"Trần Thị Bình"}),
        ({"local": "yes"}, {"Trần Thị Bình"}),
        ({"local": "no"}, {"Nguyễn Văn An"}),
        ({"local": "unknown"}, {"Lê Văn Cường"}),
        ({"sex": "female"}, {"Trần Thị Bình"}),
        ({"q": "tran thi"}, {"Trần Thị Bình"}),
    ],
)
def test_the_officials_endpoint_takes_the_pages_filters(api, people, filters, expected):
    assert names(api.get("/api/officials/", filters)) == expected


def test_an_invalid_filter_is_a_400_that_says_which(api, people):
    response = api.get("/api/officials/", {"province": "99", "age_band": "old"})
    assert response.status_code == 400 and set(response.json()) == {"province", "age_band"}


def test_a_list_row_has_the_current_post_and_partial_birth_date(api, people):
    row = api.get("/api/officials/", {"q": "tran thi"}).json()["results"][0]
    assert row["birth_date"] == "1980" and row["birth_precision"] == "year"
    assert row["current_position"]["code"] == "chu_tich_ubnd"
    assert row["current_commune"] == {"code": "00004", "name": "Phường Ba Đình"}
    assert row["current_province"]["code"] == "01" and row["is_local"] is True
    assert row["latest_evaluation"] == "KHTNV"
    assert row["url"].endswith(f"/api/officials/{people['binh'].pk}/")


def test_an_officials_detail_has_history_evaluations_and_the_rules(api, people):
    data = api.get(f"/api/officials/{people['an'].pk}/").json()
    assert [(p["position"]["code"], p["start"], p["end"]) for p in data["postings"]] == [
        ("pho_bi_thu", "2016-01-01", "2025-06-30"),
        ("bi_thu", "2025-07-01", None),
    ]
    assert [(e["year"], e["level"]) for e in data["evaluations"]] == [(2025, "HTXSNV"), (2024, "HTTNV")]
    assert (
        data["retirement"]["retirement_date"] == "2037-06-30"
        and data["retirement"]["pension_start"] == "2037-07-01"
    )
    rules = {rule["code"]: rule for rule in data["rules"]}
    local = rules["local_person"]
    assert local["outcome"] is False and local["unverified"] is True and "65-QĐ/TW" in local["source"]
    assert local["verdict_en"].startswith("Not a local person of Phường Hải Dương")
    assert {"vi": "Sinh ra ở nơi khác.", "en": "Born elsewhere."} in local["reasons"]
    assert rules["rated_well_recently"]["outcome"] is True
    places = {p["kind"]: p for p in data["places"]}
    assert places["birthplace"]["commune"] == {"code": "10507", "name": "Phường Thành Đông"}


def test_an_officials_detail_lists_their_disciplines_and_what_the_rule_says(api, people):
    an = people["an"]
    decided = add_months(dt.date.today(), -12)  # a year ago: Quy định 377-QĐ/TW's 24 months still run
    record = discipline(an, "reprimand", decided, decision="7-QĐ/UBKT")
    data = api.get(f"/api/officials/{an.pk}/").json()
    assert data["disciplines"] == [
        {
            "measure": "reprimand",
            "measure_vi": "Khiển trách",
            "measure_en": "Reprimand",
            "decided_on": decided.isoformat(),
            "deciding_body": "Ủy ban Kiểm tra Thành ủy",
            "decision": "7-QĐ/UBKT",
            "note": "",
            "annulled": "",
        }
    ]
    rule = next(r for r in data["rules"] if r["code"] == "discipline")
    assert rule["unverified"] is True and "377-QĐ/TW" in rule["source"]
    free = add_months(decided, 24) + dt.timedelta(days=1)
    assert rule["outcome"] is True
    assert rule["verdict_vi"].endswith(f"(từ ngày {free:%d/%m/%Y} mới được bố trí chức vụ cao hơn).")
    # Annulled, the measure is still listed but bars nothing.
    record.annulled = "12-QĐ/UBKT hủy bỏ quyết định 7-QĐ/UBKT"
    record.save()
    data = api.get(f"/api/officials/{an.pk}/").json()
    assert data["disciplines"][0]["annulled"] == "12-QĐ/UBKT hủy bỏ quyết định 7-QĐ/UBKT"
    assert next(r for r in data["rules"] if r["code"] == "discipline")["outcome"] is False


def test_postings_evaluations_positions_and_units(api, people):
    an = people["an"].pk
    open_posts = api.get("/api/postings/", {"official": an, "open": "true"}).json()["results"]
    assert [p["position"]["code"] for p in open_posts] == ["bi_thu"]
    assert open_posts[0]["commune"]["code"] == "10525" and open_posts[0]["unit_level"] == "commune"
    assert api.get("/api/postings/", {"commune": "00004"}).json()["count"] == 1
    failed = api.get("/api/evaluations/", {"level": "KHTNV"}).json()
    assert failed["count"] == 2 and {e["official"] for e in failed["results"]} == {people["binh"].pk}
    assert api.get("/api/positions/bi_thu/").json()["name"] == "Bí thư Đảng ủy"
    assert api.get("/api/provinces/").json()["count"] == 34
    assert (
        api.get("/api/communes/", {"province": "31", "q": "thanh dong"}).json()["results"][0]["code"]
        == "10507"
    )


def test_pages_are_counted_and_capped(api, db):
    registry(12)
    page = api.get("/api/officials/", {"page_size": 5, "page": 2}).json()
    assert page["count"] == 12 and len(page["results"]) == 5 and page["next"] and page["previous"]
    assert len(api.get("/api/officials/", {"page_size": 100000}).json()["results"]) == 12
    assert api.get("/api/officials/", {"page": 9}).status_code == 404


def _queries(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/api/officials/", "/api/postings/", "/api/evaluations/"])
def test_a_list_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(
    api, db, path, django_assert_max_num_queries
):
    registry(6)
    few = _queries(api, path, page_size=100)
    registry(54)
    with django_assert_max_num_queries(5):  # session, user, their grants, one COUNT, one page
        api.get(path, {"page_size": 100})
    assert _queries(api, path, page_size=100) == few


def test_the_schema_documents_the_filters(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"] for p in schema["paths"]["/api/officials/"]["get"]["parameters"]}
    assert {
        "province",
        "commune",
        "position",
        "age_band",
        "evaluation",
        "local",
        "page",
        "page_size",
    } <= parameters


# ---- fuzzing the read endpoints against their own schema ------------------------------------------------------


@pytest.fixture
def in_process_requests():
    """Requests served in-process must not close the test's open transaction (Django's test client does the
    same)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def basic_auth(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def _openapi_document() -> dict:
    """The schema the API serves, generated in-process: the test items are made from it at collection time,
    before any database exists (schemathesis' lazy fixture loader does not run on this pytest)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


fuzzed = schemathesis.openapi.from_dict(_openapi_document())
fuzzed.app = WSGIHandler()


@pytest.fixture
def fuzz_data(in_process_requests, user, geography):
    three_people()
    registry(4)
    lai_chau_plan()  # a stored plan for the plans endpoints


@fuzzed.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_read_endpoints_never_fail_and_keep_to_their_schema(case, fuzz_data):
    response = case.call(headers=basic_auth("canbo", PASSWORD))
    assert response.status_code not in (401, 403)  # the fuzzing reaches the endpoints, not the login check
    case.validate_response(
        response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
