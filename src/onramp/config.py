"""Effective configuration from environment variables (ONRAMP_*) and an optional onramp.toml.

Precedence: environment, then the TOML file, then defaults. The TOML file is looked up in the
path named by ONRAMP_CONFIG, else ./onramp.toml.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from onramp.errors import ConfigError
from onramp.nlp.limits import MAX_INPUT_BYTES


def _config_file() -> Path:
    return Path(os.environ.get("ONRAMP_CONFIG", "onramp.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ONRAMP_", extra="forbid")

    home: Path = Field(default=Path("var"), description="Folder for local state")
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite under home")
    data_cache_dir: Path | None = Field(default=None, description="Downloaded registry data")
    secrets_dir: Path | None = Field(default=None, description="Key-encryption keys and secrets")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    secret_key: SecretStr | None = Field(default=None, description="Session signing key")
    public_url: str = Field(
        default="",
        description=(
            "The address people and verifiers use to reach Onramp (e.g. https://onramp.example);"
            " issuers' did:web DIDs and status lists live under it. Default http://HOST:PORT"
        ),
    )
    small_cell_threshold: int = Field(
        default=10,
        ge=10,
        le=1000,
        description=(
            "Counts of people under this are hidden in metrics reports (the fair hiring"
            " checks, the regional view); it can be raised, never set under 10"
        ),
    )
    cookie_secure: bool = Field(
        default=False,
        description="Mark session cookies Secure even on plain HTTP (always on over HTTPS)",
    )
    max_request_bytes: int = Field(
        default=MAX_INPUT_BYTES + 1024 * 1024,
        ge=64 * 1024,
        description=(
            "The largest request body the server accepts; a larger one gets 413 before it is"
            " read. Default: the largest document skill extraction reads, plus 1 MB for the"
            " form around it"
        ),
    )
    extract_workers: int = Field(
        default=2,
        ge=1,
        le=32,
        description=(
            "Worker processes that read and analyse uploaded documents (one document each at"
            " a time); more requests wait briefly, then get 503 with Retry-After"
        ),
    )

    mail_transport: Literal["auto", "none", "dev", "smtp"] = Field(
        default="auto",
        description=(
            "How mail leaves the outbox: smtp (production), dev (links printed on the console"
            " and readable in the admin console), none (mail waits, sealed). auto: dev when the"
            " public address is this machine, none otherwise"
        ),
    )
    mail_from: str = Field(default="", description="The From address of mail Onramp sends")
    smtp_host: str = Field(default="", description="The SMTP server (with mail_transport=smtp)")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="587 for STARTTLS, 465 TLS")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls, tls, or none (only to a server on localhost)"
    )
    smtp_username: str = Field(
        default="",
        description="SMTP log-in; its password is read from the secrets folder (smtp_password)",
    )
    smtp_ca_file: Path | None = Field(
        default=None, description="A private certificate authority the SMTP server's cert uses"
    )

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql+psycopg:// URL")
        return value

    @field_validator("public_url")
    @classmethod
    def _origin_only(cls, value: str) -> str:
        from urllib.parse import urlsplit

        if not value:
            return value
        parts = urlsplit(value.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            raise ValueError("public_url must be an origin such as https://onramp.example")
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'onramp.db').resolve()}"

    @property
    def effective_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def effective_cache_dir(self) -> Path:
        return (self.data_cache_dir or self.home / "cache").resolve()

    @property
    def effective_secrets_dir(self) -> Path:
        return (self.secrets_dir or self.home / "secrets").resolve()

    def masked(self) -> dict[str, Any]:
        """The effective configuration with secrets hidden, for display."""
        return {
            "config_file": str(_config_file().resolve()) if _config_file().exists() else None,
            "home": str(self.home.resolve()),
            "database_url": mask_url(self.effective_database_url),
            "data_cache_dir": str(self.effective_cache_dir),
            "secrets_dir": str(self.effective_secrets_dir),
            "host": self.host,
            "port": self.port,
            "secret_key": "********" if self.secret_key else None,
            "public_url": self.effective_public_url,
            "cookie_secure": self.cookie_secure,
            "max_request_bytes": self.max_request_bytes,
            "extract_workers": self.extract_workers,
            "mail_transport": self.mail_transport,
            "mail_from": self.mail_from,
            "smtp_host": self.smtp_host,
            "smtp_port": self.smtp_port,
            "smtp_security": self.smtp_security,
            "smtp_username": self.smtp_username,
            "smtp_ca_file": str(self.smtp_ca_file) if self.smtp_ca_file else None,
        }


def mask_url(url: str) -> str:
    """Hide the password in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
