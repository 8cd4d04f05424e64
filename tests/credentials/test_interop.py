"""Interoperability: Digital Bazaar's JavaScript verifier accepts Kring's proofs, offline.

The verifier (tests/interop/verify.mjs) loads only the bundled JSON-LD contexts and the
DID document handed to it; its npm packages are installed by `make interop-deps`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import data_integrity
from badges.did import DID_CONTEXT, did_document, issuer_did, verification_method_id
from badges.issuer_keys import PublicKey
from badges.jsonld import CONTEXT_FILES, CREDENTIALS_V2, OB_V3
from badges.multikey import encode_public_key
from tests.helpers import repo_path
from tests.ob3_vector import CREDENTIAL, METHOD, SECRET

INTEROP = repo_path("tests", "interop")
VERIFIER = INTEROP / "verify.mjs"
PUBLIC_URL = "https://kring.example"
VECTOR_ISSUER = "https://example.edu/issuers/565049"
VECTOR_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def _node() -> str:
    if not (INTEROP / "node_modules").is_dir():
        pytest.fail(
            "tests/interop/node_modules is missing: run `make interop-deps` first.",
            pytrace=False,
        )
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (`node`) is needed for the interop tests.", pytrace=False)
    return node


def js_verify(
    credential: dict[str, Any], document: dict[str, Any], tmp_path: Path
) -> dict[str, Any]:
    """Run the JS verifier; its JSON verdict, with the exit code under "_exit"."""
    credential_file = tmp_path / "credential.json"
    document_file = tmp_path / "did.json"
    credential_file.write_text(json.dumps(credential))
    document_file.write_text(json.dumps(document))
    completed = subprocess.run(
        [_node(), str(VERIFIER), str(credential_file), str(document_file)],
        cwd=INTEROP,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = completed.stdout.strip().splitlines()
    assert lines, f"The verifier printed nothing (exit {completed.returncode}): {completed.stderr}"
    verdict: dict[str, Any] = json.loads(lines[-1])
    verdict["_exit"] = completed.returncode
    return verdict


def _vector_controller() -> dict[str, Any]:
    return {
        "@context": DID_CONTEXT,
        "id": VECTOR_ISSUER,
        "verificationMethod": [
            {
                "id": METHOD,
                "type": "Multikey",
                "controller": VECTOR_ISSUER,
                "publicKeyMultibase": VECTOR_KEY,
            }
        ],
        "assertionMethod": [METHOD],
    }


def _kring_signed() -> tuple[dict[str, Any], dict[str, Any]]:
    """A Kring-shaped OpenBadgeCredential signed by a fresh issuer key, and its DID document."""
    private = Ed25519PrivateKey.generate()
    key = PublicKey(encode_public_key(private.public_key().public_bytes_raw()), 0)
    issuer_id = str(uuid.uuid4())
    did = issuer_did(PUBLIC_URL, issuer_id)
    assert did == f"did:web:kring.example:issuers:{issuer_id}"
    profile = {"id": did, "type": ["Profile"], "name": "Ghent Volunteers"}
    credential = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": f"{PUBLIC_URL}/credentials/{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile,
        "validFrom": "2025-03-01T10:00:00Z",
        "name": "Repair Café Host",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + "ab" * 32,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "salt",
                }
            ],
            "achievement": {
                "id": f"{PUBLIC_URL}/badge-classes/{uuid.uuid4()}",
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": "Repair Café Host",
                "description": "Hosted a neighbourhood repair café.",
                "criteria": {"narrative": "Host at least one repair café."},
                "creator": profile,
                "tag": ["Community", "Beginner"],
            },
        },
    }
    signed = data_integrity.sign(
        credential, private, verification_method_id(did, key), "2025-03-01T10:00:00Z"
    )
    return signed, did_document(did, [key])


def test_the_verifier_bundles_the_same_contexts_as_kring() -> None:
    # Both verifiers (verify_many.mjs is the one over many credentials, for make bench) load
    # documents through loader.mjs only and verify with verifier.mjs's options.
    loader = INTEROP / "loader.mjs"
    pairs = dict(re.findall(r"'(https?://[^']+)':\s*'([^']+)'", loader.read_text()))
    assert pairs == CONTEXT_FILES
    for script in (VERIFIER, INTEROP / "verify_many.mjs"):
        assert "from './loader.mjs'" in script.read_text(), script.name
        assert "from './verifier.mjs'" in script.read_text(), script.name


def test_the_1edtech_vector_verifies(tmp_path: Path) -> None:
    signed = data_integrity.sign(
        CREDENTIAL, Ed25519PrivateKey.from_private_bytes(SECRET), METHOD, "2010-01-01T19:23:24Z"
    )
    verdict = js_verify(signed, _vector_controller(), tmp_path)
    assert verdict["verified"] is True, verdict
    assert verdict["_exit"] == 0


def test_a_fresh_kring_key_verifies(tmp_path: Path) -> None:
    signed, document = _kring_signed()
    verdict = js_verify(signed, document, tmp_path)
    assert verdict["verified"] is True, verdict
    assert verdict["_exit"] == 0


def test_a_changed_name_does_not_verify(tmp_path: Path) -> None:
    signed, document = _kring_signed()
    name: str = signed["name"]
    signed["name"] = name[:-1] + chr(ord(name[-1]) ^ 1)
    verdict = js_verify(signed, document, tmp_path)
    assert verdict["verified"] is False, verdict
    assert verdict["_exit"] == 1
    assert "signature" in verdict["error"].lower(), verdict  # not some other refusal


async def test_a_real_kring_badge_with_endorsements_verifies(
    client: Any, clean_graph: Any, token_for: Any, tmp_path: Path
) -> None:
    """The credential the app serves, endorsements and official validation included."""
    from tests.credential_world import hosted_credential, rich_world
    from tests.helpers import run

    world = await rich_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}), (t:Person {id: $t}), (b:BadgeClass {id: $b}) "
        "SET b.validated = true, b.validationChangedAt = datetime() "
        "CREATE (t)-[:ENDORSED]->(e:Endorsement {id: randomUUID(), relationship: 'TEACHER', "
        "testimonial: 'Great', status: 'ACTIVE', createdAt: datetime()}) "
        "CREATE (a)-[:CARRIES]->(e)",
        a=world.assertion,
        t=world.people["teacher"],
        b=world.badge_class,
    )
    credential = await hosted_credential(client, world, token_for)
    issuer = (await client.get(f"/issuers/{world.organisation}/did.json")).json()
    assert js_verify(credential, issuer, tmp_path)["verified"] is True
    endorsement = credential["endorsement"][0]
    person = (await client.get(f"/people/{world.people['teacher']}/did.json")).json()
    assert js_verify(endorsement, person, tmp_path)["verified"] is True
    validation = credential["credentialSubject"]["achievement"]["endorsement"][0]
    university = (await client.get(f"/issuers/{world.university}/did.json")).json()
    assert js_verify(validation, university, tmp_path)["verified"] is True


async def test_a_badge_with_rubric_results_and_a_file_digest_verifies(
    client: Any, clean_graph: Any, token_for: Any, tmp_path: Path
) -> None:
    """resultDescription, result and an evidence file's digestSRI, as the app signs them."""
    from tests.factories import make_world
    from tests.helpers import gql

    world = await make_world(clean_graph)
    admin, learner = token_for(world.people["org_admin"]), token_for(world.people["learner"])
    made = await gql(
        client,
        """mutation($o: ID!) { createBadgeClass(input: {issuerId: $o, name: "Fixer",
          description: "d", criteria: "c", domain: SUSTAINABILITY, level: BEGINNER,
          endorsementPolicy: {minimum: 0, relationships: [PEER]},
          rubric: [{name: "Diagnosis", levels: ["Needs help", "Finds it"], minimumLevel: 2},
                   {name: "Safety", levels: ["Unsafe", "Safe", "Teaches it"]}]})
          { id rubric { id } } }""",
        {"o": world.organisation},
        token=admin,
    )
    badge = made["data"]["createBadgeClass"]
    claim = await gql(
        client,
        'mutation($b: ID!) { selfAssert(input: {title: "Fixed a lamp", narrative: "n", '
        "badgeClassId: $b}) { id } }",
        {"b": badge["id"]},
        token=learner,
    )
    claim_id = claim["data"]["selfAssert"]["id"]
    # Policy zero: it went to review at once; the reviewer returns it for a file.
    await gql(
        client,
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "A photo?") { id } }',
        {"c": claim_id},
        token=admin,
    )
    uploaded = await client.put(
        f"/claims/{claim_id}/evidence?name=log.txt",
        content=b"Replaced the switch.\n",
        headers={"authorization": f"Bearer {learner}", "content-type": "text/plain"},
    )
    assert uploaded.status_code == 201, uploaded.text
    await gql(
        client,
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Added") { id } }',
        {"c": claim_id},
        token=learner,
    )
    levels = [{"criterionId": k["id"], "level": 2} for k in badge["rubric"]]
    approved = await gql(
        client,
        "mutation($c: ID!, $a: [CriterionAssessmentInput!]) { approveClaim(claimId: $c, "
        "assessment: $a) { assertionId } }",
        {"c": claim_id, "a": levels},
        token=admin,
    )
    assertion = approved["data"]["approveClaim"]["assertionId"]
    credential = (
        await client.get(
            f"/credentials/{assertion}", headers={"authorization": f"Bearer {learner}"}
        )
    ).json()
    assert "digestSRI" in credential["evidence"][0]
    assert len(credential["credentialSubject"]["result"]) == 2
    issuer = (await client.get(f"/issuers/{world.organisation}/did.json")).json()
    verdict = js_verify(credential, issuer, tmp_path)
    assert verdict["verified"] is True, verdict


async def test_a_micro_credential_and_its_europass_export_verify_elsewhere(
    client: Any, clean_graph: Any, token_for: Any, tmp_path: Path
) -> None:
    """The EU elements' extension context and the Europass export (VC 1.1 + EDC contexts)
    verify with the other implementation too, over the same bundled contexts."""
    from tests.credential_world import auth_headers, hosted_credential
    from tests.factories import make_world
    from tests.helpers import gql
    from tests.review_steps import award_now

    world = await make_world(clean_graph)
    elements = {
        "isMicroCredential": True,
        "learningOutcomes": ["Design a survey"],
        "ectsCredits": 3,
        "eqfLevel": 5,
        "assessmentType": "Project",
        "participation": "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
        "qualityAssurance": "Faculty QA",
        "country": "http://publications.europa.eu/resource/authority/country/NLD",
        "awardingBody": "Hogeschool Test",
        "legalIdentifier": "NL123456789",
    }
    body = await gql(
        client,
        'mutation($id: ID!, $m: MicroCredentialInput) { validateBadgeClass(id: $id, note: "ok", '
        "microCredential: $m) { id } }",
        {"id": world.badge_class, "m": elements},
        token=token_for(world.people["curator"]),
    )
    assert "errors" not in body, body
    awarded = await award_now(client, world, token_for)
    credential = await hosted_credential(client, world, token_for, awarded)
    assert "microCredential" in credential["credentialSubject"]["achievement"]
    issuer = (await client.get(f"/issuers/{world.organisation}/did.json")).json()
    assert js_verify(credential, issuer, tmp_path)["verified"] is True
    europass = await client.get(
        f"/credentials/{awarded}/europass.jsonld",
        headers=auth_headers(token_for, world, "owner"),
    )
    university = (await client.get(f"/issuers/{world.university}/did.json")).json()
    verdict = js_verify(europass.json(), university, tmp_path)
    assert verdict["verified"] is True, verdict
