"""Committed files generated from the code must match the code."""

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import actionplan.models  # noqa: F401
from actionplan.openapi import openapi_text
from actionplan.plans.import_format import json_schema_text

ROOT = Path(__file__).resolve().parents[3]


def test_plan_import_schema_is_current():
    committed = ROOT / "backend/actionplan/data/plan-import.schema.json"
    assert committed.read_text() == json_schema_text(), (
        "The import format changed: run `actionplan plan-schema -o backend/actionplan/data/plan-import.schema.json`")


def test_openapi_document_is_current():
    committed = ROOT / "openapi/openapi.json"
    assert json.loads(committed.read_text()) == json.loads(openapi_text()), (
        "The API changed: run `actionplan openapi -o openapi/openapi.json` and regenerate the SPA client")


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}),
                                SQLModel.metadata)
    assert diff == [], f"Models and migrations differ; add a migration: {diff}"


def test_permission_doc_is_generated_from_the_rules_module():
    from actionplan.auth.permissions import permissions_doc

    assert (ROOT / "docs/permissions.md").read_text() == permissions_doc(), (
        "The rules changed: run `actionplan permissions-doc -o docs/permissions.md`")
