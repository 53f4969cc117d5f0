"""A read's answer as JSON, serialised once."""

from collections.abc import Mapping

from fastapi import Response
from pydantic import BaseModel


def model_response(model: BaseModel, headers: Mapping[str, str] | None = None) -> Response:
    """The model as the response body. FastAPI checks what a sync route returns against its
    response_model once more, on another trip through the thread pool; a model was checked when it
    was built. The most-read routes (an action, a page of actions, a plan's summary) answer with this;
    their response_model still states the contract, and the contract tests check the answers."""
    return Response(model.model_dump_json(), media_type="application/json", headers=headers)
