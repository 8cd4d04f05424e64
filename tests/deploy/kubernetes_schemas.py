"""Kubernetes JSON schemas for kubeconform, made offline: from the OpenAPI document that the
k8s.io/kubernetes Go module carries (api/openapi-spec/swagger.json), fetched through the Go
module proxy, into the layout kubeconform reads (`<version>-standalone-strict/<kind>-<group>-
<version>.json`, every $ref inlined, unknown fields refused)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

KUBERNETES_VERSION = "1.34.4"
MODULE = f"k8s.io/kubernetes@v{KUBERNETES_VERSION}"
SWAGGER = Path("api/openapi-spec/swagger.json")
# Written as strings or numbers in manifests, though the OpenAPI document says "string".
_STRING_OR_INTEGER = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
_QUANTITY = {"oneOf": [{"type": "string"}, {"type": "number"}]}
_QUANTITY_NAME = "io.k8s.apimachinery.pkg.api.resource.Quantity"


def module_swagger(env: dict[str, str]) -> Path:
    """The OpenAPI document of the Kubernetes module, downloaded by `go mod download`."""
    found = subprocess.run(
        ["go", "mod", "download", "-json", MODULE],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise RuntimeError(f"go mod download {MODULE} failed: {found.stdout}{found.stderr}")
    return Path(json.loads(found.stdout)["Dir"]) / SWAGGER


def _inline(node: Any, definitions: dict[str, Any], seen: frozenset[str]) -> Any:
    if isinstance(node, list):
        return [_inline(item, definitions, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        if name == _QUANTITY_NAME:
            return dict(_QUANTITY)
        if name in seen:
            return {}  # a recursive type (a CRD's own schema): not followed further
        return _inline(definitions[name], definitions, seen | {name})
    if node.get("format") == "int-or-string":
        return dict(_STRING_OR_INTEGER)
    out = {
        key: (
            {p: _inline(v, definitions, seen) for p, v in value.items()}
            if key == "properties"
            else _inline(value, definitions, seen)
        )
        for key, value in node.items()
        if not key.startswith("x-kubernetes-") and key != "description"
    }
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False  # -strict: a misspelt field is an error
    return out


def _file_name(group: str, version: str, kind: str) -> str:
    # kubeconform's own naming: the first part of the group, then the version.
    suffix = f"-{group.split('.', maxsplit=1)[0].lower()}-{version}" if group else f"-{version}"
    return f"{kind.lower()}{suffix}.json"


def write(swagger: Path, root: Path) -> Path:
    """Writes a schema for every kind in `swagger` under `root`; returns the directory
    kubeconform's -schema-location names (it adds the version and file name itself)."""
    definitions: dict[str, Any] = json.loads(swagger.read_text(encoding="utf-8"))["definitions"]
    folder = root / f"v{KUBERNETES_VERSION}-standalone-strict"
    folder.mkdir(parents=True, exist_ok=True)
    for name, definition in definitions.items():
        kinds = definition.get("x-kubernetes-group-version-kind", [])
        if len(kinds) != 1:
            continue  # meta types shared by every group (DeleteOptions, WatchEvent)
        gvk = kinds[0]
        schema = _inline(definition, definitions, frozenset({name}))
        api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
        schema["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
        schema["properties"]["kind"] = {"type": "string", "enum": [gvk["kind"]]}
        schema["$schema"] = "http://json-schema.org/schema#"
        target = folder / _file_name(gvk["group"], gvk["version"], gvk["kind"])
        target.write_text(json.dumps(schema), encoding="utf-8")
    return root
