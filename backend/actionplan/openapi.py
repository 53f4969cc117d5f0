"""The OpenAPI document, generated from the app; `openapi/openapi.json` is this, committed."""

import json

from actionplan.core.config import Settings


def openapi_text() -> str:
    from actionplan.main import create_app

    # Settings are fixed here so the document never depends on the machine it was built on.
    app = create_app(Settings(database_url="sqlite://", secret_key="openapi-generation"))
    return json.dumps(app.openapi(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
