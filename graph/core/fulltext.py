"""A person's words as a Lucene query for Neo4j's full-text indexes: never Lucene syntax."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def _terms(text: str, max_words: int) -> list[str]:
    """The first `max_words` words, lower case, Lucene's special characters escaped."""
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w][:max_words]
    return [_SPECIAL.sub(r"\\\1", w) for w in words]


def every_word(text: str, max_words: int, *, prefix_last: bool = False) -> str:
    """Every word required, Lucene's special characters escaped, at most `max_words` of them;
    with `prefix_last` the last word matches as a prefix (it is still being typed)."""
    terms = ["+" + t for t in _terms(text, max_words)]
    if terms and prefix_last:
        terms[-1] += "*"
    return " ".join(terms)


def every_word_or_typo(text: str, max_words: int) -> str:
    """Every word required, as `every_word`, but a longer word (five letters or more) also
    matches one edit away: a typo still finds it."""
    terms = _terms(text, max_words)
    return " ".join(f"+({t} {t}~1)" if len(t) >= 5 else f"+{t}" for t in terms)
