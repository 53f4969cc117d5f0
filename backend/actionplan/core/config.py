"""Settings, read from environment variables prefixed ACTIONPLAN_."""

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACTIONPLAN_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where the embedded database, the secret key and evidence live.")
    database_url: str = Field(default="", description="SQLAlchemy URL; default an SQLite file in data_dir.")
    evidence_dir: Path | None = None
    db_pool_size: int = Field(default=16, ge=1, le=1000,
                              description="Requests working on the database at once in each server process: its "
                                          "connections to the database, and its threads (default 16).")
    evidence_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1,
                                    description="The largest evidence file accepted, in bytes (default 50 MB).")
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
    # Email for notifications; off unless a host is set.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "actionplan@localhost"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = Field(default="", repr=False)
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
    demo_password: str = Field(default="", repr=False)

    @model_validator(mode="after")
    def _defaults_from_data_dir(self) -> "Settings":
        self.data_dir = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'actionplan.db'}"
        if self.evidence_dir is None:
            self.evidence_dir = self.data_dir / "evidence"
        return self

    def signing_key(self) -> str:
        """The configured key, or one generated on first use and kept in data_dir.

        Kept in a file (not in the process) so every worker and every restart signs alike.
        """
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # Write then hard-link: the link is atomic, so two workers starting together
            # never read a half-written key, and the first one to link wins.
            tmp = path.with_name(f".secret_key.{os.getpid()}")
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
