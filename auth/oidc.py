"""Signing in with a university's identity provider: OpenID Connect via authlib.

Each provider is configuration: its discovery URL, client id and secret, the university it
speaks for, and how its claims map to Kring roles (e.g. "staff" in `roles` → TEACHER).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.starlette_client import OAuth

from graph.core.vocabulary import UNIVERSITY_ROLES, Role


class ProviderConfigError(ValueError):
    """KRING_OIDC_PROVIDERS is malformed; the message says where."""


@dataclass(frozen=True)
class Provider:
    name: str
    discovery_url: str
    client_id: str
    client_secret: str = field(repr=False)  # never in a log line
    scopes: str = "openid email profile"
    university_id: str | None = None
    role_claim: str | None = None
    role_map: Mapping[str, Role] = field(default_factory=dict)

    def roles(self, claims: Mapping[str, Any]) -> frozenset[Role]:
        """University roles the identity provider vouches for, by the configured mapping."""
        if not self.role_claim or self.university_id is None:
            return frozenset()
        value = claims.get(self.role_claim)
        values = value if isinstance(value, list) else [value]
        return frozenset(
            self.role_map[v] for v in values if isinstance(v, str) and v in self.role_map
        )


def parse_providers(raw: str) -> tuple[Provider, ...]:
    """Providers from JSON: [{"name", "discovery_url", "client_id", "client_secret", ...}]."""
    try:
        items = json.loads(raw)
    except ValueError:
        raise ProviderConfigError("KRING_OIDC_PROVIDERS must be a JSON list.") from None
    if not isinstance(items, list):
        raise ProviderConfigError("KRING_OIDC_PROVIDERS must be a JSON list.")
    providers = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProviderConfigError(f"KRING_OIDC_PROVIDERS[{n}] must be an object.")
        try:
            role_map = {k: Role(v) for k, v in (item.get("role_map") or {}).items()}
            provider = Provider(
                name=str(item["name"]),
                discovery_url=str(item["discovery_url"]),
                client_id=str(item["client_id"]),
                client_secret=str(item["client_secret"]),
                scopes=str(item.get("scopes", "openid email profile")),
                university_id=item.get("university_id"),
                role_claim=item.get("role_claim"),
                role_map=role_map,
            )
        except (KeyError, ValueError) as exc:
            raise ProviderConfigError(f"KRING_OIDC_PROVIDERS[{n}]: {exc}") from None
        if not provider.name.isidentifier():
            raise ProviderConfigError(f"KRING_OIDC_PROVIDERS[{n}].name must be a simple word.")
        if set(role_map.values()) - UNIVERSITY_ROLES:
            raise ProviderConfigError(f"KRING_OIDC_PROVIDERS[{n}] maps to a non-university role.")
        providers.append(provider)
    return tuple(providers)


@dataclass(frozen=True)
class OidcClients:
    providers: Mapping[str, Provider]
    oauth: OAuth


def registry(providers: tuple[Provider, ...]) -> OidcClients:
    """authlib clients: authorization code with PKCE (S256); state and nonce are checked."""
    oauth = OAuth()
    for provider in providers:
        oauth.register(
            name=provider.name,
            server_metadata_url=provider.discovery_url,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
    return OidcClients({p.name: p for p in providers}, oauth)
