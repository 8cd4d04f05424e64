"""Configuration from environment variables, parsed and validated once at start-up."""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from notifications.mail import SmtpSecurity

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A configuration variable is missing or malformed."""


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


def _int(name: str, low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
        if not low <= value <= high:
            raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
        return value

    return parse


def _url(name: str, schemes: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        parts = urlsplit(raw)
        if parts.scheme not in schemes or not parts.hostname:
            raise SettingsError(f"{name} must be a {'/'.join(schemes)} URL, got {raw!r}")
        return raw.rstrip("/")

    return parse


E = TypeVar("E", bound=enum.StrEnum)


def _switch(name: str) -> Callable[[str], bool]:
    def parse(raw: str) -> bool:
        value = raw.strip().lower()
        if value in ("on", "true", "1", "yes"):
            return True
        if value in ("off", "false", "0", "no"):
            return False
        raise SettingsError(f"{name} must be on or off, got {raw!r}")

    return parse


def _choice(name: str, enum_type: type[E]) -> Callable[[str], E]:
    def parse(raw: str) -> E:
        try:
            return enum_type(raw.strip().lower())
        except ValueError:
            allowed = ", ".join(e.value for e in enum_type)
            raise SettingsError(f"{name} must be one of {allowed}, got {raw!r}") from None

    return parse


def _float(name: str, low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a number, got {raw!r}") from None
        if not low <= value <= high:
            raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
        return value

    return parse


class PushWorker(enum.StrEnum):
    EMBEDDED = "embedded"  # the server process also delivers (one replica, `make run`)
    OFF = "off"  # deliveries come from separate `kring worker` processes


def _hosts(raw: str) -> tuple[str, ...]:
    hosts = tuple(h.strip().lower().lstrip(".") for h in raw.split(",") if h.strip())
    if not hosts:
        raise SettingsError("KRING_PUSH_SERVICES must name at least one host")
    return hosts


def _vapid_subject(raw: str) -> str:
    if not (raw.startswith("mailto:") and "@" in raw) and not raw.startswith("https://"):
        raise SettingsError(f"KRING_VAPID_SUBJECT must be a mailto: or https: URI, got {raw!r}")
    return raw


# The browsers' push services (Chrome/Edge via FCM, Firefox, Safari, legacy Edge). The
# worker POSTs to whatever endpoint a browser hands us, so only these hosts are accepted.
DEFAULT_PUSH_SERVICES = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    "notify.windows.com",
)


def _providers(raw: str) -> str:
    from auth.oidc import ProviderConfigError, parse_providers

    try:
        parse_providers(raw)
    except ProviderConfigError as exc:
        raise SettingsError(str(exc)) from None
    return raw


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(f"KRING_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {raw!r}")
    return level


def _existing_file(name: str) -> Callable[[str], Path]:
    def parse(raw: str) -> Path:
        path = Path(raw).expanduser().resolve()
        if not path.is_file():
            raise SettingsError(f"{name} must name an existing file, got {raw!r}")
        return path

    return parse


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _check_smtp(settings: Settings) -> None:
    # Mail carries invitation links and sign-in tokens: in clear text only to this machine.
    if (
        settings.smtp_host
        and settings.smtp_security is SmtpSecurity.NONE
        and settings.smtp_host.lower() not in LOOPBACK_HOSTS
    ):
        raise SettingsError(
            "KRING_SMTP_SECURITY=none is only for a relay on this machine "
            f"(KRING_SMTP_HOST is {settings.smtp_host!r}); use starttls or tls"
        )


@dataclass(frozen=True)
class Settings:
    """Every knob Kring reads; the README's configuration table mirrors this class."""

    env: Environment = Environment.PRODUCTION
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = "http://127.0.0.1:8000"
    data_dir: Path = REPO_ROOT / ".kring"
    log_level: str = "INFO"
    evidence_dir_override: Path | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_security: SmtpSecurity = SmtpSecurity.STARTTLS
    smtp_ca_file: Path | None = None
    mail_from: str = "Kring <no-reply@kring.example>"
    oidc_providers: str = "[]"
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    neo4j_local_port: int = 7687
    token_audience: str = "kring-api"  # noqa: S105 - an audience name, not a secret
    token_ttl_seconds: int = 900
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 20
    graphql_max_tokens: int = 4000
    graphql_introspection: bool | None = None  # None: on in development, off in production
    max_body_bytes: int = 1024 * 1024
    push_worker: PushWorker = PushWorker.EMBEDDED
    push_services: tuple[str, ...] = DEFAULT_PUSH_SERVICES
    vapid_subject: str = "mailto:ops@kring.example"
    push_timeout_seconds: float = 10.0
    push_max_attempts: int = 8
    push_backoff_seconds: float = 30.0
    push_backoff_cap_seconds: float = 3600.0
    verify_workers: int = 2
    verify_timeout_seconds: float = 5.0

    @property
    def development(self) -> bool:
        return self.env is Environment.DEVELOPMENT

    @property
    def introspection(self) -> bool:
        """Schema introspection and "did you mean" hints: a map for developers, and for
        attackers, so off in production unless configured on."""
        if self.graphql_introspection is None:
            return self.development
        return self.graphql_introspection

    @property
    def key_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def evidence_dir(self) -> Path:
        """Where uploaded evidence files live (share it between replicas)."""
        return self.evidence_dir_override or self.data_dir / "evidence"

    @property
    def neo4j_store_dir(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def runtime_file(self) -> Path:
        """Written by a running `kring serve` (see server/runtime.py), read by the CLI."""
        return self.data_dir / "runtime.json"

    @property
    def token_issuer(self) -> str:
        return self.public_url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from `environ` (default: the process environment)."""
        env = os.environ if environ is None else environ
        parsers: dict[str, tuple[str, Callable[[str], object]]] = {
            "KRING_ENV": ("env", _choice("KRING_ENV", Environment)),
            "KRING_HOST": ("host", str),
            "KRING_PORT": ("port", _int("KRING_PORT", 1, 65535)),
            "KRING_PUBLIC_URL": ("public_url", _url("KRING_PUBLIC_URL", ("http", "https"))),
            "KRING_DATA_DIR": ("data_dir", lambda raw: Path(raw).expanduser().resolve()),
            "KRING_LOG_LEVEL": ("log_level", _log_level),
            "KRING_EVIDENCE_DIR": (
                "evidence_dir_override",
                lambda raw: Path(raw).expanduser().resolve(),
            ),
            "NEO4J_URI": (
                "neo4j_uri",
                _url("NEO4J_URI", ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")),
            ),
            "KRING_SMTP_HOST": ("smtp_host", str),
            "KRING_SMTP_PORT": ("smtp_port", _int("KRING_SMTP_PORT", 1, 65535)),
            "KRING_SMTP_USER": ("smtp_user", str),
            "KRING_SMTP_PASSWORD": ("smtp_password", str),
            "KRING_SMTP_SECURITY": (
                "smtp_security",
                _choice("KRING_SMTP_SECURITY", SmtpSecurity),
            ),
            "KRING_SMTP_CA_FILE": ("smtp_ca_file", _existing_file("KRING_SMTP_CA_FILE")),
            "KRING_MAIL_FROM": ("mail_from", str),
            "KRING_OIDC_PROVIDERS": ("oidc_providers", _providers),
            "NEO4J_USER": ("neo4j_user", str),
            "NEO4J_PASSWORD": ("neo4j_password", str),
            "NEO4J_DATABASE": ("neo4j_database", str),
            "KRING_NEO4J_LOCAL_PORT": (
                "neo4j_local_port",
                _int("KRING_NEO4J_LOCAL_PORT", 1, 65535),
            ),
            "KRING_TOKEN_AUDIENCE": ("token_audience", str),
            "KRING_TOKEN_TTL_SECONDS": (
                "token_ttl_seconds",
                _int("KRING_TOKEN_TTL_SECONDS", 60, 86400),
            ),
            "KRING_GRAPHQL_MAX_DEPTH": (
                "graphql_max_depth",
                _int("KRING_GRAPHQL_MAX_DEPTH", 3, 50),
            ),
            "KRING_GRAPHQL_MAX_ALIASES": (
                "graphql_max_aliases",
                _int("KRING_GRAPHQL_MAX_ALIASES", 1, 500),
            ),
            "KRING_GRAPHQL_MAX_TOKENS": (
                "graphql_max_tokens",
                _int("KRING_GRAPHQL_MAX_TOKENS", 100, 100_000),
            ),
            "KRING_GRAPHQL_INTROSPECTION": (
                "graphql_introspection",
                _switch("KRING_GRAPHQL_INTROSPECTION"),
            ),
            "KRING_MAX_BODY_BYTES": (
                "max_body_bytes",
                _int("KRING_MAX_BODY_BYTES", 16 * 1024, 64 * 1024 * 1024),
            ),
            "KRING_PUSH_WORKER": ("push_worker", _choice("KRING_PUSH_WORKER", PushWorker)),
            "KRING_PUSH_SERVICES": ("push_services", _hosts),
            "KRING_VAPID_SUBJECT": ("vapid_subject", _vapid_subject),
            "KRING_PUSH_TIMEOUT_SECONDS": (
                "push_timeout_seconds",
                _float("KRING_PUSH_TIMEOUT_SECONDS", 0.1, 120),
            ),
            "KRING_PUSH_MAX_ATTEMPTS": (
                "push_max_attempts",
                _int("KRING_PUSH_MAX_ATTEMPTS", 1, 50),
            ),
            "KRING_PUSH_BACKOFF_SECONDS": (
                "push_backoff_seconds",
                _float("KRING_PUSH_BACKOFF_SECONDS", 0.01, 3600),
            ),
            "KRING_VERIFY_WORKERS": ("verify_workers", _int("KRING_VERIFY_WORKERS", 1, 64)),
            "KRING_VERIFY_TIMEOUT_SECONDS": (
                "verify_timeout_seconds",
                _float("KRING_VERIFY_TIMEOUT_SECONDS", 0.5, 120),
            ),
            "KRING_PUSH_BACKOFF_CAP_SECONDS": (
                "push_backoff_cap_seconds",
                _float("KRING_PUSH_BACKOFF_CAP_SECONDS", 0.01, 86400),
            ),
        }
        values: dict[str, object] = {}
        for var, (attr, parse) in parsers.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            values[attr] = parse(raw)
        if "public_url" not in values and "port" in values:
            values["public_url"] = f"http://127.0.0.1:{values['port']}"
        settings = cls(**values)  # type: ignore[arg-type]
        _check_smtp(settings)
        return settings
