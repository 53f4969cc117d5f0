"""Migration 0008_oidc_subject, on a database of its own at 0002 with webhook errors recorded the old
way: what receivers answered, and the network's words, are replaced by their class."""

import datetime as dt

from sqlalchemy import inspect, select

from actionplan.auth.models import ServiceToken
from actionplan.core.db import make_engine
from actionplan.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.backend.live import fresh_database
from tests.backend.migrations import upgrade_to


def test_old_webhook_errors_keep_only_their_class(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade_to(engine, "0002")
            now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
            with engine.begin() as conn:
                conn.execute(ServiceToken.__table__.insert().values(
                    id=1, name="old", scopes=["plans:read"], secret_hash="0" * 64, created_at=now, expires_at=now))
                conn.execute(WebhookSubscription.__table__.insert().values(
                    id=1, service_token_id=1, url="https://hooks.example/", secret="s" * 24,
                    event_types=["status.approved"], created_at=now))
                for i, (state, status, error) in enumerate([
                        ("failed", 500, "HTTP 500: db01.council.local password rejected"),
                        ("pending", None, "URLError: [Errno 111] Connection refused"),
                        ("pending", None, "RemoteDisconnected: Remote end closed connection without response"),
                        ("cancelled", None, "The service token was revoked."),
                        ("delivered", 200, None)]):
                    conn.execute(WebhookDelivery.__table__.insert().values(
                        id=i + 1, subscription_id=1, event_id=f"e{i}", event_type="status.approved", payload={},
                        state=state, attempts=1, next_attempt_at=now, last_status=status, last_error=error,
                        created_at=now))
            upgrade_to(engine, "0008_oidc_subject")
            with engine.connect() as conn:
                errors = conn.execute(select(WebhookDelivery.__table__.c.last_error)
                                      .order_by(WebhookDelivery.__table__.c.id)).scalars().all()
            assert errors == ["http_error", "unreachable", "unreachable", "The service token was revoked.", None]
            columns = {c["name"] for c in inspect(engine).get_columns("app_user")}
            assert {"oidc_issuer", "oidc_subject"} <= columns
        finally:
            engine.dispose()
