"""The OAuth tests' server answers at http://testserver: let authlib work over plain http."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _insecure_transport_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    # In production the public URL is https (or loopback), which authlib accepts as it is.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
