from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from actionplan.auth.deps import CurrentPrincipal
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.core.params import IdPath, Limit, Offset
from actionplan.webhooks import service
from actionplan.webhooks.schemas import (
    DeliveriesPage, DeliveryPublic, DeliveryState, ReplayRequest, ReplayResult, WebhookCreate, WebhookCreated,
    WebhookPublic,
)

router = APIRouter(tags=["webhooks"])
ONE = problem_responses(401, 403, 404, 422)
_LOCATION = {"Location": {"description": "The URL of what was created.", "schema": {"type": "string"}}}


def _link(operation: str, **parameters: str) -> dict:
    return {"operationId": f"webhooks-{operation}", "parameters": parameters}


# Links from collections to their items (POST /webhooks → GET /webhooks/{webhook_id} …) are added
# to the document for every route by core/http.py; these are the ones that rule cannot see.
_DELIVERY_LINKS = {
    "GetDelivery": _link("get_delivery", webhook_id="$response.body#/webhook_id", delivery_id="$response.body#/id"),
    "ReplayDelivery": _link("replay_delivery", webhook_id="$response.body#/webhook_id",
                            delivery_id="$response.body#/id"),
}


@router.post(
    "/webhooks", response_model=WebhookCreated, status_code=201, summary="Subscribe to events",
    description="For a service token with the `webhooks:manage` scope. Each event is POSTed to `url` as JSON "
                "`{id, type, occurred_at, plan_id, data}`, where `data` is the object as the API shows it to this "
                "token (an action with its milestones, an evidence item…), signed with HMAC-SHA256: "
                "`X-Actionplan-Signature: v1=<hex of HMAC(secret, \"<X-Actionplan-Timestamp>.<body>\")>`. "
                "Any 2xx answer is a delivery; anything else is retried after 1 min, 5 min, 30 min, 2 h and 12 h, "
                "then marked failed. Events reach the token only for plans its `plans:read` scope may read, and "
                "stop when it is revoked or expires. The secret is in this response only. At most 25 webhooks "
                "per token (409 beyond). The URL must be https, to a public address: loopback, private and "
                "link-local addresses are 422 `webhook_target_refused` unless the server allows them (an "
                "intranet receiver), and every delivery checks the addresses the name resolves to again.",
    responses={201: {"headers": _LOCATION}, **problem_responses(401, 403, 409, 422)})
def create_webhook(body: WebhookCreate, session: SessionDep, principal: CurrentPrincipal,
                   response: Response, request: Request) -> WebhookCreated:
    subscription, secret = service.create_subscription(session, principal, body, request.app.state.webhook_targets)
    response.headers["Location"] = f"/api/v1/webhooks/{subscription.id}"
    return WebhookCreated(**service.to_public(subscription).model_dump(), secret=secret)


@router.get("/webhooks", response_model=list[WebhookPublic], summary="List my webhooks",
            description="The calling token's live subscriptions, oldest first; secrets are never shown again.",
            responses=problem_responses(401, 403))
def list_webhooks(session: SessionDep, principal: CurrentPrincipal) -> list[WebhookPublic]:
    return [service.to_public(s) for s in service.list_subscriptions(session, principal)]


@router.get("/webhooks/{webhook_id}", response_model=WebhookPublic, summary="Get one of my webhooks",
            description="Another token's webhook, or a deleted one, is answered 404.", responses=ONE)
def get_webhook(webhook_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> WebhookPublic:
    return service.to_public(service.subscription_for(session, principal, webhook_id))


@router.delete("/webhooks/{webhook_id}", status_code=204, summary="Delete a webhook",
               description="Deliveries stop at once: those still waiting are cancelled. Its delivery log is kept "
                           "but can no longer be read through the API.", responses=ONE)
def delete_webhook(webhook_id: IdPath, session: SessionDep, principal: CurrentPrincipal) -> None:
    service.delete_subscription(session, principal, service.subscription_for(session, principal, webhook_id))


@router.get("/webhooks/{webhook_id}/deliveries", response_model=DeliveriesPage, summary="Read a webhook's delivery log",
            description="Every delivery of every event to this webhook, newest first, with its state, attempts, "
                        "the last answer from your endpoint, and the body sent.",
            responses=ONE)
def list_deliveries(
    webhook_id: IdPath, session: SessionDep, principal: CurrentPrincipal,
    state: Annotated[DeliveryState | None, Query(description="Only deliveries in this state.")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> DeliveriesPage:
    subscription = service.subscription_for(session, principal, webhook_id)
    items, total = service.list_deliveries(session, subscription, state, limit, offset)
    return DeliveriesPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/webhooks/{webhook_id}/deliveries/{delivery_id}", response_model=DeliveryPublic,
            summary="Get one delivery", description="With the body that was sent and your endpoint's last answer.",
            responses={200: {"links": _DELIVERY_LINKS}, **ONE})
def get_delivery(webhook_id: IdPath, delivery_id: IdPath, session: SessionDep,
                 principal: CurrentPrincipal) -> DeliveryPublic:
    subscription = service.subscription_for(session, principal, webhook_id)
    return service.delivery_public(service.delivery_for(session, subscription, delivery_id))


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/replay", response_model=DeliveryPublic,
             status_code=202, summary="Send one delivery again",
             description="Queues a new delivery of the same event (same event id and body, signed afresh); "
                         "the original stays in the log as it was.",
             responses={202: {"links": _DELIVERY_LINKS}, **ONE})
def replay_delivery(webhook_id: IdPath, delivery_id: IdPath, session: SessionDep,
                    principal: CurrentPrincipal) -> DeliveryPublic:
    subscription = service.subscription_for(session, principal, webhook_id)
    return service.replay_delivery(session, subscription, delivery_id)


@router.post("/webhooks/{webhook_id}/replay", response_model=ReplayResult, status_code=202,
             summary="Send past events again",
             description="Queues again, oldest first, every event this webhook was sent after `after_event_id` "
                         "and/or at or after `since` (an empty body: every event), 500 per call: when `more` is "
                         "true, call again with `after_event_id` set to the last one queued. An event id this "
                         "webhook was never sent is 404.",
             responses=ONE)
def replay_events(webhook_id: IdPath, body: ReplayRequest, session: SessionDep,
                  principal: CurrentPrincipal) -> ReplayResult:
    subscription = service.subscription_for(session, principal, webhook_id)
    return service.replay_events(session, subscription, body.after_event_id, body.since)
