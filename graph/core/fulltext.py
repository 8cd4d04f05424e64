"""A person's words as a Lucene query for Neo4j's full-text indexes: never Lucene syntax."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def every_word(text: str, max_words: int, *, prefix_last: bool = False) -> str:
    """Every word required, Lucene's special characters escaped, at most `max_words` of them;
    with `prefix_last` the last word matches as a prefix (it is still being typed)."""
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w][:max_words]
    terms = ["+" + _SPECIAL.sub(r"\\\1", w) for w in words]
    if terms and prefix_last:
        terms[-1] += "*"
    return " ".join(terms)
