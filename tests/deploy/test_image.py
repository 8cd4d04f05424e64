"""deploy/Dockerfile and deploy/compose.yaml keep their promises (checked as text: this
machine has no container engine to build or start them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from server.settings import VARIABLES

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
COMPOSE = REPO / "deploy" / "compose.yaml"
CADDYFILE = REPO / "deploy" / "Caddyfile"
PINNED = re.compile(r"^[a-z0-9./_-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$")
COMPILERS = ("gcc", "g++", "clang", "build-essential", "make ", "rustc", "cargo")
# Read by uvicorn itself, not Kring's settings: whose X-Forwarded-* headers to believe.
UVICORN_VARIABLES = {"FORWARDED_ALLOW_IPS"}


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            found.append((instruction.upper(), rest.strip()))
    return found


def _stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for instruction, rest in _instructions():
        if instruction == "FROM":
            name = rest.split(" AS ")[-1].strip()
            current = stages.setdefault(name, [])
        current.append((instruction, rest))
    return stages


def test_dockerfile_is_multi_stage_from_pinned_images() -> None:
    args = dict(rest.split("=", 1) for instruction, rest in _instructions() if instruction == "ARG")
    stages = _stages()
    assert list(stages) == ["web", "python", "runtime"]
    for stage in stages.values():
        image = stage[0][1].split(" AS ")[0].strip()
        image = args.get(image.strip("${}"), image)
        assert PINNED.match(image), image
        # The digest is also written out in the comment that says how to refresh it.
        assert image.split("@")[1].removeprefix("sha256:") in DOCKERFILE.read_text()


def test_runtime_stage_is_slim_non_root_and_healthchecked() -> None:
    runtime = _stages()["runtime"]
    commands = " ".join(rest for instruction, rest in runtime if instruction == "RUN")
    assert not [c for c in COMPILERS if c in commands]
    assert "apt-get" not in commands
    assert "pip install" not in commands
    copied_from = {
        m.group(1) for _, rest in runtime if (m := re.match(r"--from=(\S+)", rest)) is not None
    }
    assert copied_from == {"python", "web"}
    users = [rest for instruction, rest in runtime if instruction == "USER"]
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}
    health = next(rest for instruction, rest in runtime if instruction == "HEALTHCHECK")
    assert "/readyz" in health or "/healthz" in health
    assert ("ENTRYPOINT", '["kring"]') in runtime
    assert ("CMD", '["serve"]') in runtime


def test_image_installs_the_lock_and_every_package() -> None:
    python = _stages()["python"]
    install = next(rest for instruction, rest in python if "pip install" in rest)
    assert "--require-hashes" in install
    assert "--only-binary=:all:" in install
    # Only pure-Python packages published as source alone may be built (no compiler there).
    assert re.findall(r"--no-binary=(\S+)", install) == ["http-ece"]
    assert "requirements.lock" in install
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    copied = " ".join(rest for instruction, rest in _stages()["runtime"] if instruction == "COPY")
    for package in packages:
        assert f"{package.rstrip('*')}/" in copied, package
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".kring", "web/node_modules"} <= set(ignored)
    assert "requirements.lock" not in ignored


def test_lock_files_pin_every_dependency_with_hashes() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = (REPO / "requirements.lock").read_text(encoding="utf-8")
    dev = (REPO / "requirements-dev.lock").read_text(encoding="utf-8")

    def pins(lock: str) -> dict[str, str]:
        found = re.findall(r"^([a-z0-9_.-]+)==([^ ;\n]+)", lock, flags=re.MULTILINE)
        return dict(found)

    def name(requirement: str) -> str:
        return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    for requirement in pyproject["project"]["dependencies"]:
        assert name(requirement) in pins(runtime), requirement
    for requirement in pyproject["project"]["optional-dependencies"]["dev"]:
        if not requirement.startswith("kring"):
            assert name(requirement) in pins(dev), requirement
    # The image runs the versions the tests ran.
    shared = pins(runtime).keys() & pins(dev).keys()
    assert {p: pins(runtime)[p] for p in shared} == {p: pins(dev)[p] for p in shared}
    assert runtime.count("==") <= runtime.count("--hash=sha256:")


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_compose_runs_two_replicas_a_worker_and_a_proxy_over_one_neo4j() -> None:
    services = _compose()["services"]
    assert services["neo4j"]["image"].startswith("neo4j:5.26")
    kring = {name: services[name] for name in ("kring-a", "kring-b", "worker")}
    for name, service in kring.items():
        assert service["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (COMPOSE.parent / service["build"]["context"] / "deploy/Dockerfile").exists()
        env = service["environment"]
        assert env["KRING_PUSH_WORKER"] == "off", name
        assert env["NEO4J_URI"] == "neo4j://neo4j:7687"
        # One set of keys and one evidence store for all.
        assert set(service["volumes"]) == {
            "kring-keys:/var/lib/kring/keys",
            "kring-evidence:/var/lib/kring/evidence",
        }
        assert "ports" not in service, f"{name} is reached through the proxy only"
        # Configuration only through the settings the README's table lists.
        unknown = set(env) - set(VARIABLES.values()) - UVICORN_VARIABLES
        assert not unknown, unknown
    assert kring["kring-a"]["command"][0] == kring["kring-b"]["command"][0] == "serve"
    assert kring["worker"]["command"] == ["worker"]
    # The second replica and the worker start once the first has migrated and made the keys.
    assert kring["kring-b"]["depends_on"]["kring-a"]["condition"] == "service_healthy"
    assert kring["worker"]["depends_on"]["kring-a"]["condition"] == "service_healthy"
    assert kring["kring-a"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_proxy_balances_over_both_replicas() -> None:
    proxy = _compose()["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert proxy["ports"]
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert upstreams.group(1).split() == ["kring-a:8000", "kring-b:8000"]
    assert "lb_policy round_robin" in caddyfile
    assert "health_uri /readyz" in caddyfile


def test_every_file_the_image_copies_is_in_the_build_context() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    for instruction, rest in _instructions():
        if instruction != "COPY" or rest.startswith("--from="):
            continue
        for source in rest.split()[:-1]:
            assert (REPO / source).exists(), source
            assert source.rstrip("/") not in ignored, source
