"""What a badge class means: its name, what it recognises and the competencies it names."""

from __future__ import annotations

from typing import Any

from graph.core.meaning import Embedded, passage_of

# Made for the default model's width (migration 22), like the opportunities' index.
INDEX = "badge_class_meaning"

SOURCE = """
UNWIND $ids AS id
MATCH (b:BadgeClass {id: id})
RETURN b.id AS id, b.name AS name, b.description AS description, b.criteria AS criteria,
       COLLECT { MATCH (b)-[:ALIGNED_TO]->(c:Competency) RETURN c.name ORDER BY c.name }
         AS competencies
"""


def passage(record: Any) -> str:
    """The text one badge class is embedded from."""
    return passage_of(
        record["name"],
        ", ".join(record["competencies"] or []),
        record["criteria"],
        record["description"],
    )


# A learner's one-off class belongs to their claim: it is nobody's to find.
BADGE_CLASS = Embedded("BadgeClass", INDEX, SOURCE, passage, only="NOT coalesce(n.adHoc, false)")
