"""Verifying credentials from elsewhere without a graph: OB 2.0 hosted assertions on a local
"other platform", and another issuer's OB 3.0 status list."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from badges import baking, external
from badges.fetching import DEFAULT_POLICY
from badges.issuer_keys import IssuerKeys
from badges.verification import LocalKeyResolver, Proofs, check_proofs
from deploy.demo import EMAIL_DOMAIN, EXTERNAL_CREDENTIAL, EXTERNAL_HOLDER
from graph.credentials.contents import Status
from tests.foreign_platform import (
    LOCAL,
    ForeignIssuer,
    JsonServer,
    hosted_ob2,
    json_server,
)

PUBLIC_URL = "https://kring.example"
ME = "me@learner.example"


@pytest.fixture
def server() -> Iterator[JsonServer]:
    with json_server() as running:
        yield running


@pytest.fixture
def verifier(tmp_path: Path) -> external.Verifier:
    keys = IssuerKeys(tmp_path)

    async def proofs(
        credential: dict[str, Any], with_proof: bool, known: Mapping[str, str] | None = None
    ) -> Proofs:
        return check_proofs(credential, PUBLIC_URL, str(tmp_path), with_proof, known)

    async def lookup(assertion_id: str) -> Status | None:
        return None

    return external.Verifier(
        public_url=PUBLIC_URL,
        resolver=LocalKeyResolver(PUBLIC_URL, keys),
        proofs=proofs,
        lookup=lookup,
        learner_email=ME,
        policy=LOCAL,
    )


async def checked(verifier: external.Verifier, **given: Any) -> external.Checked:
    source = external.read_source(given.get("file"), given.get("text"), given.get("url"))
    return await external.check(source, verifier)


async def refused(verifier: external.Verifier, **given: Any) -> external.Problem:
    with pytest.raises(external.Refused) as caught:
        await checked(verifier, **given)
    return caught.value.problem


async def test_a_hosted_ob2_assertion_is_fetched_with_its_badge_and_issuer(
    server: JsonServer, verifier: external.Verifier
) -> None:
    url = hosted_ob2(server, ME)
    found = await checked(verifier, url=url)
    assert found.format is external.Format.OB2_HOSTED
    assert (found.status, found.name, found.issuer_name) == (
        external.Status.VALID,
        "First aid",
        "Old Badge Platform",
    )
    assert found.credential_id == url
    assert found.issuer_id == f"{server.base}/ob2/issuer"
    assert found.achievement_id == f"{server.base}/ob2/badge"
    assert json.loads(found.document)["id"] == url
    # Pasted OB 2.0 JSON only points at the hosted copy, which is what is checked.
    pasted = {**json.loads(found.document), "revoked": False, "badge": "forged"}
    assert (await checked(verifier, text=json.dumps(pasted))).status is external.Status.VALID


async def test_revoked_and_expired_ob2_assertions(
    server: JsonServer, verifier: external.Verifier
) -> None:
    flagged = hosted_ob2(server, ME, number=2, revoked=True)
    listed = hosted_ob2(server, ME, number=3, listed_revoked=True)
    old = hosted_ob2(server, ME, number=4, expires=datetime.now(UTC) - timedelta(days=1))
    assert (await checked(verifier, url=flagged)).status is external.Status.REVOKED
    found = await checked(verifier, url=listed)
    assert (found.status, found.message) == (external.Status.REVOKED, "Issued by mistake")
    assert (await checked(verifier, url=old)).status is external.Status.EXPIRED


async def test_an_ob2_assertion_must_be_its_own_url_and_its_recipients(
    server: JsonServer, verifier: external.Verifier
) -> None:
    url = hosted_ob2(server, ME)
    server.routes["/copy"] = server.routes["/ob2/assertions/1"]
    assert await refused(verifier, url=f"{server.base}/copy") is external.Problem.INVALID
    someone_else = hosted_ob2(server, "other@x.example", number=5)
    found = await checked(verifier, url=someone_else)
    assert found.status is external.Status.INVALID
    assert (await checked(verifier, url=url)).status is external.Status.VALID


async def test_unreachable_and_private_ob2_urls(
    server: JsonServer, verifier: external.Verifier
) -> None:
    missing = f"{server.base}/ob2/assertions/404"
    assert await refused(verifier, url=missing) is external.Problem.UNREACHABLE
    default = external.Verifier(**{**verifier.__dict__, "policy": DEFAULT_POLICY})
    assert await refused(default, url=hosted_ob2(server, ME)) is external.Problem.UNSUPPORTED_FORMAT
    for url in ("https://169.254.169.254/latest", "https://10.0.0.7/a", "https://[::1]/a"):
        assert await refused(default, url=url) is external.Problem.PRIVATE_ADDRESS


async def test_a_baked_svg_pointing_at_a_hosted_assertion(
    server: JsonServer, verifier: external.Verifier
) -> None:
    url = hosted_ob2(server, ME)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    baked = baking.bake_svg_ob2(svg, url, "")
    found = await checked(verifier, file=baked.encode())
    assert (found.format, found.status) == (external.Format.OB2_HOSTED, external.Status.VALID)


async def test_another_issuers_status_list_is_fetched_and_its_proof_checked(
    server: JsonServer, verifier: external.Verifier
) -> None:
    issuer = ForeignIssuer()
    list_url = f"{server.base}/status/1"
    server.json("/status/1", issuer.status_list(list_url, [7]))

    def entry(index: int, url: str = list_url) -> dict[str, Any]:
        return {
            "id": f"{url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": url,
        }

    revoked = issuer.sign(issuer.credential(ME, status=entry(7)))
    active = issuer.sign(issuer.credential(ME, status=entry(8)))
    assert (await checked(verifier, text=json.dumps(revoked))).status is external.Status.REVOKED
    assert (await checked(verifier, text=json.dumps(active))).status is external.Status.VALID
    gone = issuer.sign(issuer.credential(ME, status=entry(8, f"{server.base}/status/404")))
    found = await checked(verifier, text=json.dumps(gone))
    assert found.status is external.Status.UNREACHABLE
    # A list signed by someone else says nothing about this issuer's credentials.
    impostor = ForeignIssuer()
    server.json("/status/2", impostor.status_list(f"{server.base}/status/2", []))
    faked = issuer.sign(issuer.credential(ME, status=entry(8, f"{server.base}/status/2")))
    assert (await checked(verifier, text=json.dumps(faked))).status is external.Status.INVALID


async def test_a_did_web_issuer_is_checked_with_the_key_its_did_document_lists(
    server: JsonServer, verifier: external.Verifier
) -> None:
    issuer = ForeignIssuer(web=server.did_web)
    # Not yet published: the key cannot be had, which is not the same as a bad signature.
    signed = json.dumps(issuer.sign(issuer.credential(ME)))
    found = await checked(verifier, text=signed)
    assert found.status is external.Status.UNREACHABLE
    assert "DID document could not be fetched" in found.message

    server.json("/.well-known/did.json", issuer.did_document())
    found = await checked(verifier, text=signed)
    assert (found.status, found.issuer_id) == (external.Status.VALID, issuer.did)
    as_jwt = await checked(verifier, text=issuer.jwt(issuer.credential(ME)))
    assert as_jwt.status is external.Status.VALID
    # Its own status list, signed with the same key, is checked against that document too.
    list_url = server.json("/status/web", issuer.status_list(f"{server.base}/status/web", [3]))
    entry = {
        "id": f"{list_url}#3",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "3",
        "statusListCredential": list_url,
    }
    revoked = json.dumps(issuer.sign(issuer.credential(ME, status=entry)))
    assert (await checked(verifier, text=revoked)).status is external.Status.REVOKED

    # Changed after signing: the listed key does not verify it.
    tampered = json.loads(signed)
    tampered["name"] = "Something grander"
    found = await checked(verifier, text=json.dumps(tampered))
    assert found.status is external.Status.INVALID
    # Signed by a key the issuer's document does not list, or lists only for signing in.
    impostor = ForeignIssuer(web=server.did_web)
    forged = json.dumps(impostor.sign(impostor.credential(ME)))
    assert (await checked(verifier, text=forged)).status is external.Status.INVALID
    server.json("/.well-known/did.json", issuer.did_document(for_assertions=False))
    found = await checked(verifier, text=signed)
    assert found.status is external.Status.INVALID
    assert "does not list the signing key" in found.message
    # The document is fetched under the same rules as any other: never a private address.
    default = external.Verifier(**{**verifier.__dict__, "policy": DEFAULT_POLICY})
    found = await checked(default, text=signed)
    assert found.status is external.Status.UNREACHABLE


async def test_bad_input_is_refused_with_a_reason(verifier: external.Verifier) -> None:
    assert await refused(verifier, text="hello") is external.Problem.UNSUPPORTED_FORMAT
    assert await refused(verifier, text="[1, 2]") is external.Problem.UNSUPPORTED_FORMAT
    assert await refused(verifier, text="x" * (300 * 1024)) is external.Problem.TOO_BIG
    assert (
        await refused(verifier, file=b"\x89PNG\r\n\x1a\nnope")
        is external.Problem.UNSUPPORTED_FORMAT
    )
    assert await refused(verifier, text="{}", url="https://a.example") is (
        external.Problem.UNSUPPORTED_FORMAT
    )
    assert await refused(verifier, url="ftp://a.example/x") is external.Problem.UNSUPPORTED_FORMAT


async def test_the_demo_credential_from_elsewhere_verifies(verifier: external.Verifier) -> None:
    holder = replace(verifier, learner_email=f"{EXTERNAL_HOLDER}@{EMAIL_DOMAIN}")
    found = await checked(holder, text=EXTERNAL_CREDENTIAL.read_text())
    assert (found.status, found.issuer_name) == (
        external.Status.VALID,
        "Open Makers Academy (Rotterdam)",
    )
