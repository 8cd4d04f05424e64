"""Reading a competency framework from a 1EdTech CASE 1.0 CFPackage (JSON); kept beside the
framework import it feeds, so the demo (deploy/) reads its package with the same code.

Only what a self-assessment needs is kept: the document's title, its rateable competencies
(items no other item is a child of), their ancestors for mapping to Kring's domains, and up to
three level descriptors per competency from the package's rubrics.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 1_000_000
MAX_ITEMS = 500
MAX_LEVELS = 3  # Kring's levels: beginner, intermediate, expert
MAX_TEXT = 1000


class CaseError(ValueError):
    """The package is not a CFPackage Kring can read; the message says what is wrong."""


@dataclass(frozen=True)
class CaseCompetency:
    identifier: str
    code: str  # humanCodingScheme, else the identifier
    name: str
    ancestors: tuple[str, ...]  # codes and identifiers of its parents, nearest first
    levels: tuple[str, ...]  # level descriptors, level 1 first (may be empty)


@dataclass(frozen=True)
class CasePackage:
    identifier: str
    title: str
    description: str
    competencies: tuple[CaseCompetency, ...]


def _text(value: Any, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise CaseError(f"{what} must be a non-empty string.")
    return value.strip()[:MAX_TEXT]


def _objects(package: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = package.get(key, [])
    if not isinstance(found, list) or not all(isinstance(x, dict) for x in found):
        raise CaseError(f"{key} must be a list of objects.")
    return found


def _target(association: Mapping[str, Any], key: str) -> str:
    node = association.get(key)
    return node.get("identifier", "") if isinstance(node, dict) else ""


def _levels(rubrics: list[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Level descriptors per item identifier, by their position, from every rubric criterion."""
    found: dict[str, tuple[str, ...]] = {}
    for rubric in rubrics:
        for criterion in _objects(rubric, "CFRubricCriteria"):
            item = _target(criterion, "CFItemURI")
            levels = _objects(criterion, "CFRubricCriterionLevels")
            ordered = sorted(levels, key=lambda lv: _position(lv.get("position")))
            descriptors = tuple(
                _text(lv.get("description") or lv.get("quality"), "A rubric level's description")
                for lv in ordered[:MAX_LEVELS]
            )
            if item and descriptors:
                found[item] = descriptors
    return found


def _position(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _items(package: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    items = _objects(package, "CFItems")
    if not items:
        raise CaseError("The package has no CFItems.")
    if len(items) > MAX_ITEMS:
        raise CaseError(f"The package has more than {MAX_ITEMS} CFItems.")
    by_id: dict[str, Mapping[str, Any]] = {}
    for item in items:
        identifier = _text(item.get("identifier"), "Every CFItem's identifier")
        if identifier in by_id:
            raise CaseError(f"CFItem {identifier} appears twice.")
        by_id[identifier] = item
    return by_id


def _parents(package: Mapping[str, Any], by_id: Mapping[str, Any]) -> dict[str, str]:
    """Each item's parent item by the package's isChildOf associations (the first one given)."""
    parent: dict[str, str] = {}
    for association in _objects(package, "CFAssociations"):
        if association.get("associationType") != "isChildOf":
            continue
        child = _target(association, "originNodeURI")
        above = _target(association, "destinationNodeURI")
        if child in by_id and above in by_id and child != above:
            parent.setdefault(child, above)
    return parent


def parse(source: str | bytes) -> CasePackage:
    """The package's document and rateable competencies; CaseError on anything unreadable."""
    if len(source) > MAX_BYTES:
        raise CaseError(f"The package is larger than {MAX_BYTES // 1000} kB.")
    try:
        package = json.loads(source)
    except (ValueError, RecursionError):
        raise CaseError("The package is not JSON.") from None
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise CaseError("A CFPackage needs a CFDocument object.")
    document = package["CFDocument"]
    by_id = _items(package)
    parent = _parents(package, by_id)
    levels = _levels(_objects(package, "CFRubrics"))
    groupings = set(parent.values())
    competencies = []
    for identifier, item in by_id.items():
        if identifier in groupings:
            continue  # a grouping of competencies, not one to rate
        code = _text(item.get("humanCodingScheme") or identifier, "humanCodingScheme")
        competencies.append(
            CaseCompetency(
                identifier=identifier,
                code=code[:100],
                name=_text(
                    item.get("abbreviatedStatement") or item.get("fullStatement"),
                    f"CFItem {code}'s fullStatement",
                ),
                ancestors=_ancestors(identifier, parent, by_id),
                levels=levels.get(identifier, ()),
            )
        )
    codes = [c.code for c in competencies]
    if len(set(codes)) != len(codes):
        raise CaseError("Two competencies share a humanCodingScheme.")
    return CasePackage(
        identifier=_text(document.get("identifier"), "CFDocument.identifier"),
        title=_text(document.get("title"), "CFDocument.title")[:200],
        description=_text(document.get("description"), "description", required=False),
        competencies=tuple(competencies),
    )


def _ancestors(
    identifier: str, parent: Mapping[str, str], by_id: Mapping[str, Mapping[str, Any]]
) -> tuple[str, ...]:
    found: list[str] = []
    seen = {identifier}
    node = parent.get(identifier)
    while node is not None and node not in seen:  # a cycle in a hostile package ends here
        seen.add(node)
        code = by_id[node].get("humanCodingScheme")
        found.extend([code, node] if isinstance(code, str) and code else [node])
        node = parent.get(node)
    return tuple(found)
