"""Kring as an OAuth 2.0 authorization server for the OB 3.0 API, on authlib's server parts.

authlib's grants and endpoints are synchronous and have no Starlette integration, while the
graph is async. So a route reads the request first (bounded), hands authlib a plain request
made of it (`read_request`), and runs authlib in a worker thread (`run`); authlib's hooks
call the graph back on the event loop (`anyio.from_thread.run`). Access tokens are Kring's
own signed JWTs carrying the OB scopes, with the token family as their session (`sid`), so
the existing bearer backend serves them and revoking a family stops them at once (the
session gate). Refresh tokens and codes are random, stored as digests, and single-use.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import anyio.from_thread
import anyio.to_thread
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    JsonPayload,
    JsonRequest,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc6749.errors import (
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7591 import (
    ClientRegistrationEndpoint,
    InvalidClientMetadataError,
    InvalidRedirectURIError,
)
from authlib.oauth2.rfc7636 import CodeChallenge
from starlette.requests import Request

from auth.session_gate import SessionGate
from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings, issue_access_token, verify_access_token
from graph.core.database import Graph
from graph.core.errors import Unauthenticated
from graph.oauth import oauth as store

SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = SCOPE + "credential.readonly"
CREDENTIAL_UPSERT = SCOPE + "credential.upsert"
PROFILE_READ = SCOPE + "profile.readonly"
PROFILE_UPDATE = SCOPE + "profile.update"
SCOPES = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE)

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
CODE_TTL_SECONDS = 60
REFRESH_TTL_SECONDS = 30 * 24 * 3600
MAX_BODY_BYTES = 16 * 1024
MAX_REDIRECT_URIS = 10
MAX_URI_CHARS = 2000
MAX_NAME_CHARS = 200
MAX_LIST_ITEMS = 20
LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# Client metadata (RFC 7591 §2) by the type it must have; authlib assumes it (a number where it
# expects text raised inside it, a list for `scope` was kept as a list).
TEXT_METADATA = (
    "client_name",
    "client_uri",
    "logo_uri",
    "scope",
    "token_endpoint_auth_method",
    "tos_uri",
    "policy_uri",
    "jwks_uri",
    "software_id",
    "software_version",
)
LIST_METADATA = ("redirect_uris", "grant_types", "response_types", "contacts")
# Never shown: controls, format characters (bidi overrides, zero-width), separators, private use.
_UNSHOWN = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})

T = TypeVar("T")


@dataclass(frozen=True)
class PlainRequest:
    """What authlib may read of an HTTP request, read beforehand (authlib runs in a thread)."""

    method: str
    url: str
    headers: Mapping[str, str]
    query: dict[str, list[str]]
    form: dict[str, list[str]] = field(default_factory=dict)
    json: dict[str, Any] | None = None


class TooBig(ValueError):
    """The body is larger than an OAuth request needs to be."""


async def read_request(request: Request, public_url: str) -> PlainRequest:
    """The request's query, and its form or JSON body (at most MAX_BODY_BYTES). authlib sees
    it at its public address, so it refuses to work unless that is https (or loopback)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise TooBig(f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form: dict[str, list[str]] = {}
    document: dict[str, Any] | None = None
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    elif kind == "application/json" and body:
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):
            parsed = None
        document = parsed if isinstance(parsed, dict) else {}
    return PlainRequest(
        method=request.method,
        url=public_url + request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        headers=request.headers,
        query=parse_qs(request.url.query, keep_blank_values=True),
        form=form,
        json=document,
    )


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    @property
    def data(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._values.items() if v}

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._values


class _OAuthRequest(OAuth2Request):  # type: ignore[misc]
    def __init__(self, plain: PlainRequest) -> None:
        super().__init__(method=plain.method, uri=plain.url, headers=plain.headers)
        # A parameter given twice (in the query and the body alike) stays twice: authlib
        # refuses repeated parameters.
        names = plain.query.keys() | plain.form.keys()
        self.payload = _Payload({k: plain.query.get(k, []) + plain.form.get(k, []) for k in names})
        self._plain = plain

    @property
    def args(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._plain.query.items() if v}

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._plain.form.items() if v}


class _JsonPayload(JsonPayload):  # type: ignore[misc]
    def __init__(self, document: dict[str, Any] | None) -> None:
        self._document = document or {}

    @property
    def data(self) -> dict[str, Any]:
        return self._document


class _JsonRequest(JsonRequest):  # type: ignore[misc]
    def __init__(self, plain: PlainRequest) -> None:
        super().__init__(plain.method, plain.url, plain.headers)
        self.payload = _JsonPayload(plain.json)


@dataclass(frozen=True)
class Holder:
    """The learner a code or token is for, with the grant and token family it belongs to."""

    person_id: str
    grant_id: str = ""
    family: str = ""


class Client(ClientMixin):  # type: ignore[misc]
    def __init__(self, client: store.Client) -> None:
        self.client = client

    def get_client_id(self) -> str:
        return self.client.id

    def get_default_redirect_uri(self) -> str | None:
        # Always named in the request (OB 3.0 asks for it): no default to fall back on.
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = set(self.client.scope.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.client.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        known = self.client.secret_hash
        return known is not None and secrets.compare_digest(known, store.digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.client.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type in self.client.response_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.client.grant_types


class _Code:
    """A redeemed authorization code, as authlib and its PKCE extension read it."""

    def __init__(self, redeemed: store.Redeemed) -> None:
        self.redeemed = redeemed
        self.code_challenge = redeemed.challenge
        self.code_challenge_method = redeemed.challenge_method

    def get_redirect_uri(self) -> str:
        return self.redeemed.redirect_uri

    def get_scope(self) -> str:
        return self.redeemed.scope


class _Refresh:
    def __init__(self, refreshing: store.Refreshing, client_id: str) -> None:
        self.refreshing = refreshing
        self.client_id = client_id

    def check_client(self, client: Client) -> bool:
        return client.get_client_id() == self.client_id

    def get_scope(self) -> str:
        return self.refreshing.scope

    def is_expired(self) -> bool:
        return False  # checked in the graph as it was used

    def is_revoked(self) -> bool:
        return False


@dataclass(frozen=True)
class _Revocable:
    family: store.Family

    def check_client(self, client: Client) -> bool:
        return client.get_client_id() == self.family.client_id


def _wait(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """From authlib's thread: run a graph call on the event loop and wait for it."""
    return anyio.from_thread.run(work)


class S256Challenge(CodeChallenge):  # type: ignore[misc]
    """PKCE (RFC 7636) required on every authorization request, S256 only."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send a code_challenge (S256).")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE: code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    server: KringAuthorizationServer

    def save_authorization_code(self, code: str, request: Any) -> None:
        holder: Holder = request.user
        data = request.payload.data
        new = store.NewCode(
            hash=store.digest(code),
            redirect_uri=data["redirect_uri"],
            scope=request.scope,
            challenge=data["code_challenge"],
            challenge_method=data["code_challenge_method"],
            ttl_seconds=CODE_TTL_SECONDS,
        )
        graph = self.server.graph
        _wait(partial(store.approve, graph, holder.person_id, request.client.get_client_id(), new))

    def query_authorization_code(self, code: str, client: Client) -> _Code | None:
        graph, client_id = self.server.graph, client.get_client_id()
        found = _wait(partial(store.redeem_code, graph, store.digest(code), client_id))
        if isinstance(found, store.Refused):
            self.server.ended(found.ended_family)
            return None
        return _Code(found)

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        """Nothing to do: redeeming used the code up already."""

    def authenticate_user(self, authorization_code: _Code) -> Holder:
        found = authorization_code.redeemed
        return Holder(found.person_id, found.grant_id, found.family)


class RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotated on every use; a replay ends the family
    server: KringAuthorizationServer

    def _requested_scope(self) -> str | None:
        """The scope asked for, None if absent or blank: a blank one (" ", "+", a tab) is
        truthy to authlib, passes its subset check and would mint an empty token."""
        scope = self.request.payload.scope
        words = scope.split() if isinstance(scope, str) else []
        return " ".join(words) or None

    def _validate_token_scope(self, token: _Refresh) -> None:
        requested = self._requested_scope()
        if requested is None:
            return  # treated as the scope originally granted (RFC 6749 §6)
        original = set(token.get_scope().split())
        if not original or not set(requested.split()) <= original:
            raise InvalidScopeError("Ask for no more than the scopes this token was granted.")

    def issue_token(self, user: Holder, refresh_token: _Refresh) -> dict[str, Any]:
        token: dict[str, Any] = self.generate_token(
            user=user,
            scope=self._requested_scope() or refresh_token.get_scope(),
            include_refresh_token=self.INCLUDE_NEW_REFRESH_TOKEN,
        )
        return token

    def authenticate_refresh_token(self, refresh_token: str) -> _Refresh | None:
        client_id = self.request.client.get_client_id()
        found = _wait(
            partial(
                store.use_refresh_token, self.server.graph, store.digest(refresh_token), client_id
            )
        )
        if isinstance(found, store.Refused):
            self.server.ended(found.ended_family)
            return None
        return _Refresh(found, client_id)

    def authenticate_user(self, refresh_token: _Refresh) -> Holder:
        found = refresh_token.refreshing
        return Holder(found.person_id, found.grant_id, found.family)

    def revoke_old_credential(self, refresh_token: _Refresh) -> None:
        """Nothing to do: using the token used it up already."""


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009: revoking an access or refresh token ends its whole family."""

    CLIENT_AUTH_METHODS = list(AUTH_METHODS)
    server: KringAuthorizationServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> _Revocable | None:
        graph = self.server.graph
        found = _wait(partial(store.family_of_refresh_token, graph, store.digest(token_string)))
        if found is None:
            family = self.server.access_token_family(token_string)
            if family is not None:
                found = _wait(partial(store.family_by_id, graph, family))
        return _Revocable(found) if found else None

    def revoke_token(self, token: _Revocable, request: Any) -> None:
        _wait(partial(store.end_family, self.server.graph, token.family.family))
        self.server.ended(token.family.family)


def shown_name(name: str) -> str:
    """An app's name as a person may safely read it: no character that hides or reorders text,
    whitespace collapsed."""
    kept = "".join(c for c in name if unicodedata.category(c) not in _UNSHOWN)
    return " ".join(kept.split()) or "?"


def shown_host(uri: str) -> str:
    """The host (and port) of a URI as a person may safely read it: in ASCII (punycode), so a
    look-alike letter from another script shows as what it is."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    try:
        shown = host.encode("idna").decode("ascii")
    except UnicodeError:
        shown = host.encode("ascii", "backslashreplace").decode("ascii")
    if ":" in shown:
        shown = f"[{shown}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{shown}:{port}" if port else shown


def _check_types(metadata: dict[str, Any]) -> None:
    """Refuse metadata of the wrong type before authlib reads it (invalid_client_metadata)."""
    for key in TEXT_METADATA:
        value = metadata.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_URI_CHARS):
            raise InvalidClientMetadataError(f"{key} is a string of at most 2,000 characters.")
    for key in LIST_METADATA:
        value = metadata.get(key)
        if value is not None and (
            not isinstance(value, list)
            or len(value) > MAX_LIST_ITEMS
            or not all(isinstance(v, str) and len(v) <= MAX_URI_CHARS for v in value)
        ):
            raise InvalidClientMetadataError(
                f"{key} is a list of at most {MAX_LIST_ITEMS} strings of at most 2,000 characters."
            )
    uri = metadata.get("client_uri")
    if uri:
        parts = urlsplit(uri)
        loopback = parts.scheme == "http" and parts.hostname in LOOPBACK
        if not (parts.scheme == "https" or loopback) or not parts.hostname or "@" in parts.netloc:
            raise InvalidClientMetadataError(
                "client_uri is https (http only to localhost): the consent screen links to it."
            )
        try:
            parts.hostname.encode("idna")
        except UnicodeError:
            raise InvalidClientMetadataError("client_uri's host is no valid name.") from None


def _ascii_uri(uri: str) -> str:
    """The URI with its host in ASCII (punycode), as the consent screen shows it."""
    parts = urlsplit(uri)
    return parts._replace(netloc=shown_host(uri)).geturl()


def _redirect_uri(uri: Any) -> str:
    if not isinstance(uri, str) or len(uri) > MAX_URI_CHARS:
        raise InvalidRedirectURIError("Each redirect URI is a string of at most 2,000 characters.")
    parts = urlsplit(uri)
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK
    if not (parts.scheme == "https" or loopback) or not parts.hostname or parts.fragment:
        raise InvalidRedirectURIError(
            f"{uri[:200]!r}: redirect URIs are https (http only to localhost), without a fragment."
        )
    return uri


class Registration(ClientRegistrationEndpoint):  # type: ignore[misc]
    """RFC 7591, open (no initial access token), as the OB 3.0 API expects of a host."""

    server: KringAuthorizationServer

    def authenticate_token(self, request: Any) -> str:
        return "open registration"

    def extract_client_metadata(self, request: Any) -> dict[str, Any]:
        _check_types(request.payload.data or {})
        metadata: dict[str, Any] = super().extract_client_metadata(request)
        return metadata

    def get_server_metadata(self) -> dict[str, Any]:
        return {
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        }

    def generate_client_secret(self, request: Any) -> str | None:
        if (request.payload.data or {}).get("token_endpoint_auth_method") == "none":
            return None  # a public client (a wallet app) has no secret; PKCE protects it
        return secrets.token_urlsafe(32)

    def save_client(
        self, client_info: dict[str, Any], client_metadata: dict[str, Any], request: Any
    ) -> store.Client:
        uris = client_metadata.get("redirect_uris") or []
        if not isinstance(uris, list) or not 1 <= len(uris) <= MAX_REDIRECT_URIS:
            raise InvalidRedirectURIError("Give 1 to 10 redirect_uris.")
        uris = [_redirect_uri(u) for u in uris]
        name = client_metadata.get("client_name") or urlsplit(uris[0]).hostname or "?"
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            raise InvalidClientMetadataError("client_name is at most 200 characters.")
        for key in ("client_uri", "logo_uri"):
            value = client_metadata.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > MAX_URI_CHARS):
                raise InvalidClientMetadataError(f"{key} is at most 2,000 characters.")
        secret = client_info.get("client_secret")
        client_uri = client_metadata.get("client_uri")
        client = store.Client(
            id=client_info["client_id"],
            secret_hash=store.digest(secret) if secret else None,
            name=shown_name(name),
            uri=_ascii_uri(client_uri) if client_uri else None,
            logo_uri=client_metadata.get("logo_uri"),
            redirect_uris=tuple(uris),
            scope=" ".join((client_metadata.get("scope") or "").split()) or " ".join(SCOPES),
            auth_method=client_metadata.get("token_endpoint_auth_method", "client_secret_basic"),
            grant_types=tuple(client_metadata.get("grant_types") or ["authorization_code"]),
            response_types=tuple(client_metadata.get("response_types") or ["code"]),
        )
        _wait(partial(store.register_client, self.server.graph, client, self.server.address))
        return client


@dataclass(frozen=True)
class Response:
    """What authlib answered: a status, a JSON body (or none) and headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class KringAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """authlib's authorization server, bound to one request's graph, keys and session gate."""

    def __init__(
        self,
        graph: Graph,
        keys: TokenKeys,
        settings: TokenSettings,
        gate: SessionGate,
        address: str,
    ) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.graph = graph
        self.keys = keys
        self.settings = settings
        self.gate = gate
        self.address = address  # the caller's, for the registration throttle
        self.register_token_generator("default", self._tokens)
        self.register_grant(CodeGrant, [S256Challenge(required=True)])
        self.register_grant(RefreshGrant)
        self.register_endpoint(Revocation)
        self.register_endpoint(Registration)

    # authlib's integration points ------------------------------------------------------------

    def query_client(self, client_id: str) -> Client | None:
        if not isinstance(client_id, str) or len(client_id) > 200:
            return None
        found = _wait(partial(store.client_by_id, self.graph, client_id))
        return Client(found) if found else None

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        """Record the tokens in their family, refresh token or not (so that disconnecting and
        RFC 7009 find it); none go out if the family ended since the code or token was used."""
        refresh = token.get("refresh_token")
        holder: Holder = request.user
        saved = _wait(
            partial(
                store.save_tokens,
                self.graph,
                holder.grant_id,
                holder.family,
                store.digest(refresh) if refresh else None,
                token["scope"],
                REFRESH_TTL_SECONDS if refresh else self.settings.ttl_seconds,
            )
        )
        if not saved:
            self.ended(holder.family)
            raise InvalidGrantError("This authorization has been revoked.")

    def create_oauth2_request(self, request: PlainRequest | OAuth2Request) -> OAuth2Request:
        return request if isinstance(request, OAuth2Request) else _OAuthRequest(request)

    def create_json_request(self, request: PlainRequest) -> JsonRequest:
        return _JsonRequest(request)

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        plain = {k: v for k, v in (body or {}).items() if v is not None}
        return Response(status, plain, dict(headers or []))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No one listens: revocation acts in Revocation.revoke_token itself."""

    # Kring's own -------------------------------------------------------------------------------

    def _tokens(
        self,
        grant_type: str,
        client: Client,
        user: Holder | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        assert user is not None  # both grants authenticate the learner first
        scopes = tuple((scope or "").split())
        if not scopes:
            # A token without scopes would be no narrower than the learner's own: never.
            raise InvalidScopeError("No OB 3.0 scope to grant: the token would be empty.")
        token: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": issue_access_token(
                self.keys.signing_key(),
                self.settings,
                user.person_id,
                scopes=scopes,
                session=user.family,
                client_id=client.get_client_id(),
            ),
            "expires_in": self.settings.ttl_seconds,
            "scope": " ".join(scopes),
        }
        if include_refresh_token:
            token["refresh_token"] = secrets.token_urlsafe(32)
        return token

    def access_token_family(self, token: str) -> str | None:
        """The family of one of our access tokens for the OB API, if it is one."""
        try:
            verified = verify_access_token(self.keys.verification_keys(), self.settings, token)
        except Unauthenticated:
            return None
        return verified.session if verified.client_id is not None or verified.scopes else None

    def ended(self, family: str | None) -> None:
        """A family ended in the graph: stop its access tokens on this replica now (the
        others read it from the feed within a second)."""
        if family:
            anyio.from_thread.run_sync(self.gate.end_session, family)

    # For the routes and the consent screen -----------------------------------------------------

    def consent(self, plain: PlainRequest, person_id: str) -> Any:
        """The authorization request checked (client, redirect URI, scopes, PKCE): authlib's
        grant, whose request has the client and the scopes to ask the learner about."""
        request = _OAuthRequest(plain)
        if not request.payload.data.get("redirect_uri"):
            raise InvalidRequestError("Missing 'redirect_uri' in request.")
        grant = self.get_consent_grant(request, end_user=Holder(person_id))
        if not grant.request.scope:
            raise InvalidScopeError(
                "Ask for at least one of the OB 3.0 scopes this client registered.",
                redirect_uri=grant.redirect_uri,
            )
        return grant

    def decide(self, plain: PlainRequest, person_id: str, approve: bool) -> Response:
        """The learner's answer: a redirect to the client with a code, or access_denied."""
        try:
            grant = self.consent(plain, person_id)
        except OAuth2Error as error:
            return self.handle_error_response(None, error)  # type: ignore[no-any-return]
        user = Holder(person_id) if approve else None
        response: Response = self.create_authorization_response(
            grant.request, grant_user=user, grant=grant
        )
        return response


async def run(work: Callable[[], T]) -> T:
    """Run authlib's synchronous work in a thread that may call back into the event loop."""
    return await anyio.to_thread.run_sync(work)
