"""A wallet app for the OAuth tests: it registers itself and walks the code flow with PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from auth.oauth import CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE

CREDENTIALS = "/ims/ob/v3p0/credentials"  # the OB 3.0 API's credentials endpoint
REDIRECT = "https://wallet.example/callback"
ALL = f"{CREDENTIAL_READ} {CREDENTIAL_UPSERT} {PROFILE_READ} {PROFILE_UPDATE}"


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Wallet:
    client: httpx.AsyncClient
    client_id: str
    client_secret: str | None

    @classmethod
    async def register(
        cls, client: httpx.AsyncClient, *, public: bool = False, **metadata: Any
    ) -> Wallet:
        body = {
            "client_name": "Pocket Wallet",
            "client_uri": "https://wallet.example",
            "redirect_uris": [REDIRECT],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "scope": ALL,
            "token_endpoint_auth_method": "none" if public else "client_secret_basic",
            **metadata,
        }
        response = await client.post("/oauth/register", json=body)
        assert response.status_code == 201, response.text
        found = response.json()
        return cls(client, found["client_id"], found.get("client_secret"))

    def authorization(
        self,
        scope: str,
        verifier: str,
        *,
        redirect_uri: str = REDIRECT,
        method: str | None = "S256",
        challenge: str | None = None,
    ) -> str:
        """The query string the wallet sends the learner's browser to /oauth/authorize with."""
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": "xyz",
            "code_challenge": challenge or challenge_of(verifier),
        }
        if method:
            params["code_challenge_method"] = method
        return urlencode(params)

    async def decide(self, query: str, session: str, *, approve: bool = True) -> httpx.Response:
        """The learner's answer on the consent screen (their session's bearer token)."""
        return await self.client.post(
            f"/oauth/authorize/decision?{query}",
            json={"approve": approve},
            headers={"authorization": f"Bearer {session}"},
        )

    async def code_for(self, session: str, scope: str, verifier: str) -> str:
        answer = await self.decide(self.authorization(scope, verifier), session)
        assert answer.status_code == 200, answer.text
        location = urlsplit(answer.json()["redirect"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
        params = parse_qs(location.query)
        assert params["state"] == ["xyz"]
        code: str = params["code"][0]
        return code

    async def _post(self, path: str, form: dict[str, str]) -> httpx.Response:
        """As a public client (its id in the form) or with its secret (HTTP Basic)."""
        if self.client_secret is None:
            return await self.client.post(path, data={"client_id": self.client_id, **form})
        auth = httpx.BasicAuth(self.client_id, self.client_secret)
        return await self.client.post(path, data=form, auth=auth)

    async def token(self, **form: str) -> httpx.Response:
        return await self._post("/oauth/token", form)

    async def exchange(
        self, code: str, verifier: str, redirect_uri: str = REDIRECT
    ) -> httpx.Response:
        return await self.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=verifier,
        )

    async def tokens(self, session: str, scope: str) -> dict[str, Any]:
        verifier = secrets.token_urlsafe(48)
        answer = await self.exchange(await self.code_for(session, scope, verifier), verifier)
        assert answer.status_code == 200, answer.text
        tokens: dict[str, Any] = answer.json()
        return tokens

    async def revoke(self, token: str) -> httpx.Response:
        return await self._post("/oauth/revoke", {"token": token})


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}
