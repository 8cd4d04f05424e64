"""Canonicalisation is safe to share: threads get the same bytes as one thread alone, and one
credential's contexts cannot change how the next one is read."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from badges.jsonld import CREDENTIALS_V2, OB_V3, ImportRefusedError, canonicalize
from badges.verification import check_proofs
from tests.signed_credentials import PUBLIC_URL, sample_credentials

T = TypeVar("T")


def _unsigned(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def _in_new_thread(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own: a fresh start, as a new proof worker has."""
    found: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            found.append(work())
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return found[0]


def test_eight_threads_canonicalise_many_credentials_exactly_as_one_does(tmp_path: Path) -> None:
    credentials = sample_credentials(tmp_path / "keys", 24)
    documents = [_unsigned(d) for c in credentials for d in (c, *c["endorsement"])]
    expected = [canonicalize(d) for d in documents]
    assert len(set(expected)) == len(documents)  # all different

    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda i: canonicalize(documents[i % len(documents)]), range(288)))
    assert found == [expected[i % len(documents)] for i in range(288)]


def test_proofs_checked_from_eight_threads_keep_their_verdicts(tmp_path: Path) -> None:
    key_dir = tmp_path / "keys"
    credentials = sample_credentials(key_dir, 16)
    edited = copy.deepcopy(credentials[::2])
    for credential in edited:
        credential["endorsement"][0]["credentialSubject"]["endorsementComment"] += "!"
    work = [(c, True) for c in credentials] + [(c, False) for c in edited]

    def verdict(item: tuple[dict[str, Any], bool]) -> tuple[bool, bool]:
        proofs = check_proofs(item[0], PUBLIC_URL, str(key_dir), True)
        assert proofs.credential is not None
        return proofs.credential.valid, all(e["valid"] for e in proofs.endorsements)

    with ThreadPoolExecutor(8) as pool:
        verdicts = list(pool.map(verdict, work * 3))
    # The edited endorsement is inside the credential: both its proof and the credential's fail.
    assert verdicts == [(honest, honest) for _, honest in work * 3]


def test_a_context_that_imports_a_bundled_one_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    credential = sample_credentials(tmp_path / "keys", 1)[0]
    expected = canonicalize(_unsigned(credential))
    inline: dict[str, Any] = {"@import": OB_V3, "achievement": "https://evil.example/a"}
    hostile = {"@context": [inline], "achievement": "x"}

    def hostile_first() -> str:
        for imported in (CREDENTIALS_V2, OB_V3):
            inline["@import"] = imported
            with pytest.raises(ImportRefusedError):
                canonicalize(hostile)
        with pytest.raises(ImportRefusedError):  # also when nested under a scoped context
            canonicalize(
                {
                    "@context": [
                        CREDENTIALS_V2,
                        {"Thing": {"@id": "https://e.example/T", "@context": [inline]}},
                    ],
                    "type": "Thing",
                }
            )
        return canonicalize(_unsigned(credential))

    assert _in_new_thread(hostile_first) == expected
    proofs = _in_new_thread(
        lambda: check_proofs(credential, PUBLIC_URL, str(tmp_path / "keys"), True)
    )
    assert proofs.credential is not None
    assert proofs.credential.valid
