"""Settings, read from environment variables prefixed ACTIONPLAN_."""

import os
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACTIONPLAN_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where the embedded database, the secret key and evidence live.")
    database_url: str = Field(default="", description="SQLAlchemy URL; default an SQLite file in data_dir.")
    evidence_dir: Path | None = None
    db_pool_size: int = Field(default=16, ge=1, le=1000,
                              description="Requests other than reads working on the database at once in each "
                                          "server process (default 16); with reads_at_once, its connections to "
                                          "the database and its threads.")
    reads_at_once: int | None = Field(default=None, ge=1, le=1000,
                                      description="Reads (GET, HEAD) working on the database at once in each server "
                                                  "process (default 2 on SQLite, 4 on PostgreSQL); more wait their "
                                                  "turn. One thread runs Python at a time in a process, so more "
                                                  "threads only hand that lock to each other.")
    evidence_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1,
                                    description="The largest evidence file accepted, in bytes (default 50 MB).")
    evidence_tmp_max_age_seconds: float = Field(
        default=24 * 3600, ge=0,
        description="An unfinished upload's temporary file untouched this long is stale: swept by the server "
                    "and by `actionplan fsck --repair`.")
    cors_origins: list[str] = []
    secret_key: str = Field(default="", repr=False)
    token_issuer: str = "actionplan"
    token_audience: str = "actionplan-api"
    access_token_minutes: int = 60
    # Sign-in from the council's identity provider (OpenID Connect, e.g. Microsoft Entra ID).
    oidc_enabled: bool = False
    oidc_issuer: str = ""
    oidc_audience: str = ""
    oidc_jwks_url: str = ""
    oidc_email_claim: str = Field(default="email", description="Entra ID often uses preferred_username.")
    oidc_jwks_cache_seconds: float = Field(default=3600, ge=60,
                                           description="How long the provider's keys are kept before fetching again.")
    oidc_client_id: str = Field(default="", description="The SPA's client id at the identity provider (a public "
                                "client: authorization code with PKCE, no secret). Empty: the SPA offers no "
                                "council sign-in, though the API still accepts the provider's tokens.")
    oidc_scopes: str = "openid profile email"
    password_sign_in: bool = Field(default=True, description="Whether people may sign in with a password (the "
                                   "embedded default). Turn off once everyone signs in with the council's account.")
    # Email for notifications and reminders; off unless a host is set (the council's SMTP relay).
    smtp_host: str = Field(default="", description="The SMTP relay's host name; empty: no email is sent.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="25 or 587 (submission, with STARTTLS).")
    smtp_from: str = Field(default="actionplan@localhost", description="The From address, e.g. "
                           "improvement-plan@council.gov.uk (the relay must accept it).")
    smtp_starttls: bool = Field(default=False, description="Upgrade the connection with STARTTLS before signing in.")
    smtp_username: str = Field(default="", description="Empty: the relay accepts mail without signing in.")
    smtp_password: str = Field(default="", repr=False)
    base_url: str = Field(default="http://localhost:8000",
                          description="Where people open actionplan, e.g. https://improvement.council.gov.uk: "
                                      "links in emails are built on it.")
    frontend_dir: Path | None = None
    # HTTP: the largest request body outside evidence uploads (JSON and forms), and log detail.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024,
                                description="The largest JSON or form body accepted, in bytes (default 1 MB).")
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR; logs are JSON lines.")
    # Webhooks: `actionplan serve` also runs the delivery loop in a thread unless this is false
    # (then run `actionplan worker` beside it).
    run_worker: bool = True
    worker_poll_seconds: float = Field(default=5.0, gt=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_allowed_targets: list[str] = Field(
        default=[], description="Networks (CIDR) or host names webhooks may reach although not public, "
                                "e.g. an intranet receiver: [\"10.20.0.0/16\", \"hooks.council.internal\"].")
    webhook_allow_http: bool = Field(default=False, description="Development only: allow http:// webhook URLs.")
    demo_password: str = Field(default="", repr=False)
    # The audit chain's key: its own secret, so that rotating secret_key after a leak leaves the
    # history verifiable, and so that whoever holds the token key cannot also forge the audit log.
    audit_key: str = Field(default="", repr=False,
                           description="Keys the audit log's chain; default a key generated in data_dir/audit_key.")
    audit_checkpoint_file: Path | None = Field(
        default=None, description="Where signed checkpoints of the audit log are appended (JSON lines); "
                                  "default data_dir/audit-checkpoints.jsonl. Copy it somewhere the database "
                                  "owner cannot write.")
    audit_checkpoint_seconds: float = Field(default=900, gt=0,
                                            description="How often `serve` checkpoints the audit log, if it grew.")
    # Behind a reverse proxy every request comes from the proxy's address: name the proxies
    # whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default=[], description="Proxies whose X-Forwarded-For gives the client's address, e.g. 10.0.0.5,10.1.0.0/16.")
    # How long the logs that are not audit events are kept; the worker deletes older records daily.
    sign_in_failure_retention_days: int = Field(default=90, ge=1)
    inspector_read_retention_days: int = Field(default=730, ge=1,
                                               description="The director's oversight of inspectors' reads.")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        return [item.strip() for item in value.split(",") if item.strip()] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _defaults_from_data_dir(self) -> "Settings":
        self.data_dir = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'actionplan.db'}"
        if self.evidence_dir is None:
            self.evidence_dir = self.data_dir / "evidence"
        if self.audit_checkpoint_file is None:
            self.audit_checkpoint_file = self.data_dir / "audit-checkpoints.jsonl"
        return self

    def spa_identity_provider(self) -> str | None:
        """The identity provider's origin when the SPA offers to sign in with it, else None."""
        if not (self.oidc_enabled and self.oidc_client_id and self.oidc_issuer):
            return None
        issuer = urlsplit(self.oidc_issuer)
        return f"{issuer.scheme}://{issuer.netloc}"

    def signing_key(self) -> str:
        """The configured key, or one generated on first use and kept in data_dir."""
        return self.secret_key or _key_file(self.data_dir / "secret_key", create=True)

    def audit_signing_key(self, create: bool = True) -> str | None:
        """ACTIONPLAN_AUDIT_KEY, or the key kept in data_dir/audit_key (made on first write).

        Checking never makes a key: a missing key is news to report, not to paper over.
        """
        return self.audit_key or _key_file(self.data_dir / "audit_key", create=create)


def _key_file(path: Path, create: bool) -> str | None:
    """Kept in a file (not in the process) so every worker and every restart signs alike."""
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then hard-link: the link is atomic, so two workers starting together
        # never read a half-written key, and the first one to link wins.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
