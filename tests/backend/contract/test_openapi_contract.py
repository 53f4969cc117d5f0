"""The OpenAPI document is written for an integrating engineer: every operation is explained, every
tag described, every error documented as the problem document it is, and the reading conventions
(ETag, 304) are in the contract where a client generator and schemathesis can see them."""

import pytest

from actionplan.main import API_PREFIX, create_app
from actionplan.core.config import Settings

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture(scope="module")
def spec() -> dict:
    return create_app(Settings(database_url="sqlite://", secret_key="contract-test")).openapi()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def test_every_operation_has_a_summary_and_a_description(spec):
    missing = [f"{m} {p}" for m, p, op in _operations(spec)
               if not op.get("summary", "").strip() or not op.get("description", "").strip()]
    assert missing == [], "Give these a summary= and description= (for the integrating engineer)"


def test_every_tag_is_described(spec):
    described = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    used = {tag for _, _, op in _operations(spec) for tag in op.get("tags", [])}
    assert sorted(t for t in used if not described.get(t)) == [], "Add the tag to OPENAPI_TAGS in main.py"


def test_operation_ids_are_stable_and_unique(spec):
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids))
    assert all(op["operationId"] == f"{op['tags'][0]}-{op['operationId'].split('-', 1)[1]}" for _, _, op in _operations(spec))


def test_every_error_is_documented_as_a_problem_document(spec):
    wrong = [f"{m} {p} {code}" for m, p, op in _operations(spec) for code, response in op["responses"].items()
             if code[0] in "45" and response.get("content") != PROBLEM]
    assert wrong == []
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["components"]["schemas"]["Problem"]["required"]) >= {"type", "title", "status", "detail", "code"}


def test_the_errors_any_operation_can_give_are_documented(spec):
    for method, path, op in _operations(spec):
        codes = set(op["responses"])
        if op.get("security"):
            assert "401" in codes, f"{method} {path}"
        if "requestBody" in op:
            assert {"400", "413", "415", "422"} <= codes, f"{method} {path}"
        if op.get("parameters"):
            assert "422" in codes, f"{method} {path}"
    assert "429" in spec["paths"][f"{API_PREFIX}/auth/token"]["post"]["responses"]
    assert "503" in spec["paths"][f"{API_PREFIX}/ready"]["get"]["responses"]


def test_every_read_documents_its_etag_and_304(spec):
    for method, path, op in _operations(spec):
        if method == "GET" and "200" in op["responses"]:
            assert "ETag" in op["responses"]["200"]["headers"], path
            assert "304" in op["responses"], path


def test_the_action_list_documents_its_filters_paging_and_sync(spec):
    op = spec["paths"][f"{API_PREFIX}/actions"]["get"]
    parameters = {p["name"]: p for p in op["parameters"]}
    for name in ("plan_id", "area_id", "rag", "owner_id", "overdue", "updated_since", "limit", "offset"):
        assert parameters[name].get("description"), name
    assert parameters["updated_since"]["schema"]["anyOf"][0] == {"type": "string", "format": "date-time"}
    page = spec["components"]["schemas"]["ActionsPage"]
    assert {"items", "total", "limit", "offset"} <= set(page["properties"])
    assert "stable order" in op["description"]


def test_webhook_creation_links_to_what_it_created(spec):
    created = spec["paths"][f"{API_PREFIX}/webhooks"]["post"]["responses"]["201"]
    assert "Location" in created["headers"]
    assert {link["operationId"] for link in created["links"].values()} >= {"webhooks-get_webhook",
                                                                          "webhooks-list_deliveries"}


def test_reads_link_to_the_writes_that_need_their_etag(spec):
    links = spec["paths"][f"{API_PREFIX}/actions/{{action_id}}"]["get"]["responses"]["200"]["links"]
    owner = links["actions-set_action_owner"]["parameters"]
    assert owner == {"action_id": "$request.path.action_id", "header.if-match": "$response.header.ETag"}


def test_collections_link_to_their_items(spec):
    links = spec["paths"][f"{API_PREFIX}/plans"]["get"]["responses"]["200"]["links"]
    assert links["plans-get_plan"]["parameters"] == {"plan_id": "$response.body#/items/0/id"}
