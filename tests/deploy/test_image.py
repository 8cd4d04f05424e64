"""deploy/Dockerfile and deploy/compose.yaml keep their promises. This machine has no container
engine to build or start them: they are read as text, and the image's contents are assembled
as its build would assemble them and served."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from graph.core.database import Neo4jTarget
from server.settings import VARIABLES
from tests.conftest import CACHE_DIR
from tests.deploy.test_replicas import UNSIGNED
from tests.processes import environ, serving

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
    # Docker's default 10 s would cut off `kring serve`'s 20 s drain and a worker's batch.
    for name, least in (("kring-a", 30), ("kring-b", 30), ("worker", 60)):
        assert int(kring[name]["stop_grace_period"].removesuffix("s")) >= least, name
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


# What the image holds, assembled here as its build would (no engine to build it on this
# machine): a venv from exactly the Dockerfile's install command and the runtime stage's COPYs.
def _run_commands(stage: str) -> list[str]:
    return [rest for instruction, rest in _stages()[stage] if instruction == "RUN"]


def _image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction, rest in _stages()["runtime"]:
        if instruction == "ENV":
            for pair in rest.split():
                key, _, value = pair.partition("=")
                env[key] = value
    return env


@pytest.fixture(scope="module")
def image_venv() -> Path:
    """A venv installed as the image's python stage installs it (cached by the lock's hash)."""
    install = next(c for c in _run_commands("python") if "pip install" in c)
    lock = REPO / "requirements.lock"
    key = hashlib.sha256(lock.read_bytes() + install.encode() + sys.version.encode()).hexdigest()
    venv = CACHE_DIR / f"image-venv-{key[:16]}"
    if not (venv / "complete").exists():
        partial = venv.with_name(venv.name + ".partial")
        for older in CACHE_DIR.glob("image-venv-*"):  # from an earlier lock, or half-made
            shutil.rmtree(older, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(partial)], check=True)
        copied = next(r for i, r in _stages()["python"] if i == "COPY" and "requirements" in r)
        argv = shlex.split(install.replace(copied.split()[-1], str(lock)))
        argv[0] = str(partial / "bin" / "pip")
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=900)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        (partial / "complete").touch()
        partial.rename(venv)
    return venv


def _image_tree(root: Path) -> Path:
    """/app as the runtime stage copies it (web/dist from this checkout's build)."""
    app = root / "app"
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    wildcards = {line.rsplit("/", 1)[-1] for line in lines if "*" in line and line[:1] != "#"}
    ignore = shutil.ignore_patterns(*wildcards)
    for instruction, rest in _stages()["runtime"]:
        *sources, destination = rest.split()
        if instruction != "COPY" or sources[0] == "--from=python":  # the venv: image_venv
            continue
        if sources[0] == "--from=web":
            shutil.copytree(REPO / "web" / "dist", app / destination)
            continue
        for source in sources:
            origin = REPO / source
            if origin.is_dir():
                shutil.copytree(origin, app / destination, dirs_exist_ok=True, ignore=ignore)
            else:
                (app / destination).mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, app / destination / origin.name)
    return app


def test_the_images_contents_serve_kring_with_the_runtime_lock_alone(
    image_venv: Path, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    # Anything the runtime imports from outside the copied folders, or from a package only the
    # dev lock has, fails here: this venv holds requirements.lock and not Kring itself.
    entrypoint = next(c for c in _run_commands("runtime") if "/usr/local/bin/kring" in c)
    assert "exec python -m server.cli" in entrypoint
    app = _image_tree(tmp_path)
    python = str(image_venv / "bin" / "python")
    image = _image_env()
    assert image["PYTHONPATH"] == "/app"
    assert image["KRING_DATA_DIR"] == "/var/lib/kring"
    env = {
        key: value
        for key, value in image.items()
        if key not in {"PATH", "PYTHONPATH", "KRING_DATA_DIR", "KRING_PORT"}
    }
    env["PYTHONPATH"] = str(app)
    with serving(
        tmp_path / "data",
        ready_timeout=120,
        python=python,
        cwd=str(app),
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
        **env,
    ) as served:
        port = served.url.rsplit(":", 1)[1]
        health = json.loads(
            next(
                rest for instruction, rest in _stages()["runtime"] if instruction == "HEALTHCHECK"
            ).split("CMD", 1)[1]
        )
        assert health[0] == "python"
        checked = subprocess.run(
            [python, *health[1:]], env={**environ(), "KRING_PORT": port}, timeout=30, check=False
        )
        assert checked.returncode == 0, "the image's HEALTHCHECK fails against its own server"
        page = httpx.get(f"{served.url}/", timeout=10)
        assert page.status_code == 200
        assert '<div id="app">' in page.text
        script = re.search(r'src="(/assets/[^"]+\.js)"', page.text)
        assert script is not None
        assert httpx.get(f"{served.url}{script.group(1)}", timeout=10).status_code == 200
        answer = httpx.post(
            f"{served.url}/graphql",
            json={"query": "{ microCredentialVocabulary { supervision { iri } } }"},
            timeout=20,
        ).json()
        assert answer["data"]["microCredentialVocabulary"]["supervision"], answer
        assert httpx.get(f"{served.url}/.well-known/did.json", timeout=10).status_code == 200
        # Discovery by meaning: the sentence encoder's weights come with its wheel.
        meaning = httpx.post(
            f"{served.url}/graphql",
            json={
                "query": '{ discover(filter: {text: "fietsen herstellen"}, first: 5) '
                "{ edges { node { __typename } } } }"
            },
            timeout=60,
        ).json()
        assert "errors" not in meaning, meaning
        # Verification runs in proof worker processes started from the image's interpreter.
        report = httpx.post(f"{served.url}/verify", json=UNSIGNED, timeout=60)
        assert report.status_code == 200, report.text
        assert report.json()["verified"] is False
    # The worker the Compose file and the Helm chart run from the same image.
    worker = subprocess.Popen(
        [python, "-m", "server.cli", "worker"],
        cwd=app,
        env=environ(
            **env,
            KRING_DATA_DIR=str(tmp_path / "data"),
            NEO4J_URI=neo4j_target.uri,
            NEO4J_USER=neo4j_target.user,
            NEO4J_PASSWORD=neo4j_target.password,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=8)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[0].decode(errors="replace")
    assert worker.returncode == 0, output[-3000:]
