"""Configuration from environment variables, parsed and validated once at start-up.

pydantic-settings reads the variables; `Settings`, a pydantic dataclass, parses and checks
them. Each field carries its variable, meaning and bounds, from which the README's
configuration table is generated (`python -m server.settings` rewrites it).
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass as plain_dataclass
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import annotated_types
from pydantic import BeforeValidator, ConfigDict, Field, SecretStr, ValidationError, create_model
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from embeddings import MODELS
from embeddings.encoders import DEFAULT as DEFAULT_EMBEDDING_MODEL
from notifications.mail import SmtpSecurity

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"


class SettingsError(ValueError):
    """A configuration variable is missing or malformed."""


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class PushWorker(enum.StrEnum):
    EMBEDDED = "embedded"  # the server process also delivers (one replica, `make run`)
    OFF = "off"  # deliveries come from separate `kring worker` processes


@plain_dataclass(frozen=True)
class Variable:
    """Field metadata: the environment variable that sets it, for the README table."""

    name: str
    meaning: str
    shown_default: str | None = None  # when the default is not a literal worth printing


# A reader's complaint; the variable's name is put in front of it ("KRING_X must be ...").
_INVALID = "kring_invalid"
# A complaint that already names the variable (auth.oidc words its own).
_WORDED = "kring_worded"


def _invalid(message: str, kind: str = _INVALID) -> PydanticCustomError:
    # The message goes in the context so braces in a given value are not read as a template.
    return PydanticCustomError(kind, "{message}", {"message": message})


def _text(read: Callable[[str], object]) -> BeforeValidator:
    """Reads text (a variable's value, or a string given in code); typed values pass as given."""
    return BeforeValidator(lambda value: read(value) if isinstance(value, str) else value)


def _normalised(raw: str) -> str:
    return raw.strip().lower()


def _url(*schemes: str) -> BeforeValidator:
    def read(raw: str) -> str:
        parts = urlsplit(raw)
        if parts.scheme not in schemes or not parts.hostname:
            raise _invalid(f"must be a {'/'.join(schemes)} URL, got {raw!r}")
        return raw.rstrip("/")

    return _text(read)


def _path(raw: str) -> Path:
    return Path(raw).expanduser().resolve()


def _existing_file(raw: str) -> Path:
    path = _path(raw)
    if not path.is_file():
        raise _invalid(f"must name an existing file, got {raw!r}")
    return path


# A tile server's host, optionally with Leaflet's {s} subdomain placeholder in front: only
# what a Content-Security-Policy host-source can say, so the policy cannot be broken into.
_TILE_HOST = re.compile(r"(\{s\}\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def _tile_url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in {"http", "https"} or not _TILE_HOST.fullmatch(parts.netloc):
        raise _invalid(f"must be an http/https URL of a tile server, got {raw!r}")
    if any(f"{{{p}}}" not in raw for p in "zxy"):
        raise _invalid(f"must hold the {{z}}, {{x}} and {{y}} placeholders, got {raw!r}")
    return raw.strip()


def _plain_text(raw: str) -> str:
    # Shown on every map; never markup, however the page puts it there.
    text = raw.strip()
    if not text or len(text) > 300 or any(c in text for c in "<>"):
        raise _invalid("must be plain text (no < or >) of at most 300 characters")
    return text


def _embedding_model(raw: str) -> str:
    name = raw.strip().lower()
    if name not in MODELS:
        raise _invalid(f"must be one of {', '.join(sorted(MODELS))}, got {raw!r}")
    return name


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise _invalid(f"must be DEBUG, INFO, WARNING or ERROR, got {raw!r}")
    return level


def _hosts(raw: str) -> tuple[str, ...]:
    hosts = tuple(h.strip().lower().lstrip(".") for h in raw.split(",") if h.strip())
    if not hosts:
        raise _invalid("must name at least one host")
    return hosts


def _vapid_subject(raw: str) -> str:
    if not (raw.startswith("mailto:") and "@" in raw) and not raw.startswith("https://"):
        raise _invalid(f"must be a mailto: or https: URI, got {raw!r}")
    return raw


def _providers(raw: str) -> str:
    from auth.oidc import ProviderConfigError, parse_providers

    try:
        parse_providers(raw)
    except ProviderConfigError as exc:
        # Its messages name fields and positions, never the client secrets.
        raise _invalid(str(exc), _WORDED) from None
    return raw


# The browsers' push services (Chrome/Edge via FCM, Firefox, Safari, legacy Edge). The
# worker POSTs to whatever endpoint a browser hands us, so only these hosts are accepted.
DEFAULT_PUSH_SERVICES = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    "notify.windows.com",
)

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

Choice = _text(_normalised)  # enums and on/off, in any case
Port = Annotated[int, Field(ge=1, le=65535)]


# A pydantic dataclass, not a BaseSettings model: code and tests build and
# `dataclasses.replace` it, and every such copy is checked like the environment is.
@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class Settings:
    """Every knob Kring reads; the README's configuration table is generated from it."""

    env: Annotated[
        Environment,
        Variable(
            "KRING_ENV",
            "`development` enables GraphiQL and `kring dev-token` (`make run` sets it)",
        ),
        Choice,
    ] = Environment.PRODUCTION
    host: Annotated[str, Variable("KRING_HOST", "the address the server listens on")] = "127.0.0.1"
    port: Annotated[Port, Variable("KRING_PORT", "the port it listens on")] = 8000
    public_url: Annotated[
        str,
        Variable(
            "KRING_PUBLIC_URL",
            "the public base URL; also the token issuer",
            "`http://127.0.0.1:<port>`",
        ),
        _url("http", "https"),
    ] = "http://127.0.0.1:8000"
    data_dir: Annotated[
        Path,
        Variable(
            "KRING_DATA_DIR",
            "local state: the embedded store, keys, caches",
            "`.kring/` in the repo",
        ),
        _text(_path),
    ] = REPO_ROOT / ".kring"
    log_level: Annotated[
        str,
        Variable("KRING_LOG_LEVEL", "`DEBUG`, `INFO`, `WARNING` or `ERROR`"),
        _text(_log_level),
    ] = "INFO"
    evidence_dir_override: Annotated[
        Path | None,
        Variable(
            "KRING_EVIDENCE_DIR",
            "uploaded evidence files (shared storage for several replicas)",
            "`$KRING_DATA_DIR/evidence`",
        ),
        _text(_path),
    ] = None
    metrics_port: Annotated[
        Port | None,
        Variable(
            "KRING_METRICS_PORT",
            "serve Prometheus metrics at `/metrics` on this port, apart from the API; unset: "
            "no metrics (see Deploying Kring)",
        ),
    ] = None
    metrics_host: Annotated[
        str,
        Variable(
            "KRING_METRICS_HOST",
            "the address the metrics port listens on; `0.0.0.0` only on a network the public "
            "cannot reach (a pod's, a compose network)",
        ),
    ] = "127.0.0.1"
    smtp_host: Annotated[
        str | None,
        Variable("KRING_SMTP_HOST", "the relay for outgoing mail; unset: mail is logged"),
    ] = None
    smtp_port: Annotated[Port, Variable("KRING_SMTP_PORT", "the relay's port")] = 587
    smtp_user: Annotated[str | None, Variable("KRING_SMTP_USER", "SMTP login")] = None
    smtp_password: Annotated[SecretStr | None, Variable("KRING_SMTP_PASSWORD", "SMTP password")] = (
        None
    )
    smtp_security: Annotated[
        SmtpSecurity,
        Variable(
            "KRING_SMTP_SECURITY",
            "`starttls` (port 587) or `tls` (465), the relay's certificate checked; `none` "
            "only for a relay on this machine (`localhost`, `127.0.0.1`, `::1`)",
        ),
        Choice,
    ] = SmtpSecurity.STARTTLS
    smtp_ca_file: Annotated[
        Path | None,
        Variable(
            "KRING_SMTP_CA_FILE",
            "a PEM file of the CA that signed the relay's certificate (a private relay)",
        ),
        _text(_existing_file),
    ] = None
    mail_from: Annotated[str, Variable("KRING_MAIL_FROM", "the sender of Kring's mail")] = (
        "Kring <no-reply@kring.example>"
    )
    # A secret as a whole: the JSON holds each provider's client secret.
    oidc_providers: Annotated[
        SecretStr,
        Variable(
            "KRING_OIDC_PROVIDERS", 'the identity providers (JSON, see "The API\'s contract")'
        ),
        _text(_providers),
    ] = SecretStr("[]")
    neo4j_uri: Annotated[
        str | None,
        Variable("NEO4J_URI", "an external Neo4j (`bolt://`, `neo4j://`, `neo4j+s://`, …)"),
        _url("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"),
    ] = None
    neo4j_user: Annotated[str, Variable("NEO4J_USER", "its user")] = "neo4j"
    neo4j_password: Annotated[SecretStr, Variable("NEO4J_PASSWORD", "its password")] = SecretStr("")
    neo4j_database: Annotated[
        str, Variable("NEO4J_DATABASE", "the database every statement runs against")
    ] = "neo4j"
    neo4j_local_port: Annotated[
        Port, Variable("KRING_NEO4J_LOCAL_PORT", "Bolt port of the local launcher")
    ] = 7687
    token_audience: Annotated[
        str, Variable("KRING_TOKEN_AUDIENCE", "the `aud` access tokens must carry")
    ] = "kring-api"  # noqa: S105 - an audience name, not a secret
    token_ttl_seconds: Annotated[
        int, Variable("KRING_TOKEN_TTL_SECONDS", "access-token lifetime"), Field(ge=60, le=86400)
    ] = 900
    graphql_max_depth: Annotated[
        int, Variable("KRING_GRAPHQL_MAX_DEPTH", "maximum query depth"), Field(ge=3, le=50)
    ] = 12
    graphql_max_aliases: Annotated[
        int,
        Variable("KRING_GRAPHQL_MAX_ALIASES", "maximum aliases per document"),
        Field(ge=1, le=500),
    ] = 20
    graphql_max_tokens: Annotated[
        int,
        Variable("KRING_GRAPHQL_MAX_TOKENS", "maximum tokens per document"),
        Field(ge=100, le=100_000),
    ] = 4000
    graphql_introspection: Annotated[
        bool | None,
        Variable(
            "KRING_GRAPHQL_INTROSPECTION",
            'schema introspection and "did you mean" hints (`on` or `off`)',
            "on in development, off in production",
        ),
        Choice,
    ] = None  # None: on in development, off in production
    graphql_document_cache: Annotated[
        int,
        Variable(
            "KRING_GRAPHQL_DOCUMENT_CACHE",
            "parsed and validated GraphQL documents kept per process, the least recently used "
            "dropped first (`0`: none)",
        ),
        Field(ge=0, le=10_000),
    ] = 256
    graphql_trusted_documents: Annotated[
        bool,
        Variable(
            "KRING_GRAPHQL_TRUSTED_DOCUMENTS",
            "accept only the web build's own GraphQL documents, by hash or by text (`on` or `off`)",
            "`off`",
        ),
        Choice,
    ] = False
    max_body_bytes: Annotated[
        int,
        Variable(
            "KRING_MAX_BODY_BYTES",
            "largest request body; evidence uploads and `/verify` have limits of their own",
        ),
        Field(ge=16 * 1024, le=64 * 1024 * 1024),
    ] = 1024 * 1024
    push_worker: Annotated[
        PushWorker,
        Variable(
            "KRING_PUSH_WORKER",
            "`embedded`: the server process also delivers notifications (Web Push and "
            "e-mail); `off`: run `kring worker` separately",
        ),
        Choice,
    ] = PushWorker.EMBEDDED
    push_services: Annotated[
        tuple[str, ...],
        Variable(
            "KRING_PUSH_SERVICES",
            "comma-separated push-service hosts (and their subdomains) devices may use",
            "FCM, Mozilla, Apple, WNS hosts",
        ),
        _text(_hosts),
    ] = DEFAULT_PUSH_SERVICES
    vapid_subject: Annotated[
        str,
        Variable("KRING_VAPID_SUBJECT", "the contact push services see in the VAPID token"),
        _text(_vapid_subject),
    ] = "mailto:ops@kring.example"
    push_timeout_seconds: Annotated[
        float,
        Variable("KRING_PUSH_TIMEOUT_SECONDS", "per-request timeout towards a push service"),
        Field(ge=0.1, le=120),
    ] = 10.0
    push_max_attempts: Annotated[
        int,
        Variable(
            "KRING_PUSH_MAX_ATTEMPTS",
            "attempts before a delivery (push or e-mail) is dead-lettered",
        ),
        Field(ge=1, le=50),
    ] = 8
    push_backoff_seconds: Annotated[
        float,
        Variable(
            "KRING_PUSH_BACKOFF_SECONDS",
            "first retry delay of a push or e-mail delivery, doubling per attempt up to the cap",
        ),
        Field(ge=0.01, le=3600),
    ] = 30.0
    push_backoff_cap_seconds: Annotated[
        float,
        Variable("KRING_PUSH_BACKOFF_CAP_SECONDS", "the longest retry delay"),
        Field(ge=0.01, le=86400),
    ] = 3600.0
    verify_workers: Annotated[
        int,
        Variable("KRING_VERIFY_WORKERS", "worker processes that check untrusted credentials"),
        Field(ge=1, le=64),
    ] = 2
    verify_timeout_seconds: Annotated[
        float,
        Variable(
            "KRING_VERIFY_TIMEOUT_SECONDS",
            "longest one check may run before its worker is killed",
        ),
        Field(ge=0.5, le=120),
    ] = 5.0
    map_tile_url: Annotated[
        str,
        Variable(
            "KRING_MAP_TILE_URL",
            "the web app's map tiles, a `{z}/{x}/{y}` URL template (its origin is allowed "
            "by the pages' Content-Security-Policy)",
        ),
        _text(_tile_url),
    ] = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: Annotated[
        str,
        Variable("KRING_MAP_TILE_ATTRIBUTION", "the credit the map shows for its tiles"),
        _text(_plain_text),
    ] = "\N{COPYRIGHT SIGN} OpenStreetMap contributors"
    privacy_policy_url: Annotated[
        str | None,
        Variable(
            "KRING_PRIVACY_POLICY_URL",
            "the operator's privacy policy, named by the OB 3.0 API's discovery document",
            "`<public URL>/privacy`",
        ),
        _url("http", "https"),
    ] = None
    terms_of_service_url: Annotated[
        str | None,
        Variable(
            "KRING_TERMS_OF_SERVICE_URL",
            "the operator's terms of service, named by the OB 3.0 API's discovery document",
            "`<public URL>/terms`",
        ),
        _url("http", "https"),
    ] = None
    embedding_model: Annotated[
        str,
        Variable(
            "KRING_EMBEDDING_MODEL",
            "the sentence-embedding model discovery understands meaning with (see "
            "Discovery by meaning); after a change, run `kring reembed`",
        ),
        _text(_embedding_model),
    ] = DEFAULT_EMBEDDING_MODEL

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

    @property
    def privacy_policy(self) -> str:
        return self.privacy_policy_url or f"{self.public_url}/privacy"

    @property
    def terms_of_service(self) -> str:
        return self.terms_of_service_url or f"{self.public_url}/terms"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from `environ` (default: the process environment)."""
        given = _read(os.environ if environ is None else environ)
        try:
            settings = cls(**given)
        except ValidationError as exc:
            # One line per bad variable, never pydantic's report (it echoes the values given).
            raise SettingsError("; ".join(_explain(e, given) for e in exc.errors())) from None
        if "public_url" not in given and "port" in given:
            settings = replace(settings, public_url=f"http://127.0.0.1:{settings.port}")
        _check_smtp(settings)
        return settings


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


# The fields as pydantic resolved them: types, defaults and the Annotated metadata.
FIELDS: dict[str, FieldInfo] = Settings.__pydantic_fields__  # type: ignore[attr-defined]


def _is_secret(field: FieldInfo) -> bool:
    return field.annotation in {SecretStr, SecretStr | None}


def _variable(field: FieldInfo) -> Variable:
    return next(m for m in field.metadata if isinstance(m, Variable))


VARIABLES: dict[str, str] = {name: _variable(field).name for name, field in FIELDS.items()}
SECRET_VARIABLES = frozenset(VARIABLES[name] for name, field in FIELDS.items() if _is_secret(field))


class _Variables(BaseSettings):
    """What pydantic-settings reads: each variable's text, parsed afterwards by Settings."""

    model_config = SettingsConfigDict(case_sensitive=True, env_ignore_empty=True, extra="ignore")


_TEXT_FIELDS: dict[str, Any] = {
    name: (str | None, Field(None, validation_alias=var)) for name, var in VARIABLES.items()
}
_VARIABLES_MODEL = create_model("KringVariables", __base__=_Variables, **_TEXT_FIELDS)


class _Environ(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping (a test's, or os.environ)."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        super().__init__(_VARIABLES_MODEL)
        # In place of the os.environ the base class loaded: the same lookup, over `environ`.
        self.env_vars = {name: value for name, value in environ.items() if value != ""}


def _read(environ: Mapping[str, str]) -> dict[str, Any]:
    """The text of each variable set (and not empty), keyed by Settings field name."""
    field_of = {var: name for name, var in VARIABLES.items()}
    return {field_of[var]: text for var, text in _Environ(environ)().items()}


def _bounds(field: FieldInfo) -> tuple[object, object]:
    low = next(m.ge for m in field.metadata if isinstance(m, annotated_types.Ge))
    high = next(m.le for m in field.metadata if isinstance(m, annotated_types.Le))
    return low, high


def _explain(error: ErrorDetails, given: Mapping[str, Any]) -> str:
    """One validation error as today's message: the variable, what is wrong, what was given."""
    name = str(error["loc"][0])
    field = FIELDS[name]
    var = VARIABLES[name]
    raw = given.get(name)
    kind = error["type"]
    if kind == _WORDED:
        return error["msg"]
    if kind == _INVALID:
        return f"{var} {error['msg']}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        low, high = _bounds(field)
        return f"{var} must be between {low} and {high}, got {str(raw).strip()}"
    if kind in {"int_parsing", "int_from_float"}:
        return f"{var} must be a whole number, got {raw!r}"
    if kind == "float_parsing":
        return f"{var} must be a number, got {raw!r}"
    if kind == "bool_parsing":
        return f"{var} must be on or off, got {raw!r}"
    choices = field.annotation
    if kind == "enum" and isinstance(choices, type) and issubclass(choices, enum.Enum):
        allowed = ", ".join(str(e.value) for e in choices)
        return f"{var} must be one of {allowed}, got {raw!r}"
    return f"{var} is not valid ({error['msg']})"  # without the value: it may be a secret


def _shown(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, SecretStr):
        value = value.get_secret_value()  # a default, not a secret
    if value == "":
        return "empty"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, float):
        value = f"{value:g}"
    return f"`{value}`"


def settings_table() -> str:
    """The README's configuration table, one row per variable, from the Settings fields."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for field in FIELDS.values():
        var = _variable(field)
        meaning = var.meaning
        if any(isinstance(m, annotated_types.Ge) for m in field.metadata):
            low, high = _bounds(field)
            meaning += f" ({low}\N{EN DASH}{high})"
        if _is_secret(field):
            meaning += "; a secret, never shown in logs"
        rows.append(f"| `{var.name}` | {var.shown_default or _shown(field.default)} | {meaning} |")
    return "\n".join(rows) + "\n"


TABLE_START = (
    "<!-- configuration table: generated from server/settings.py by "
    "`python -m server.settings`; do not edit by hand -->\n"
)
TABLE_END = "<!-- end of the configuration table -->\n"


def readme_with_table(readme: str) -> str:
    """The README text with its configuration table replaced by the generated one."""
    pattern = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError("The README has no configuration table markers.")
    return pattern.sub(lambda _: TABLE_START + settings_table() + TABLE_END, readme, count=1)


if __name__ == "__main__":
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
