"""The labelled relevance set stays honest: a sound catalogue, queries that test what their
kind says, and metrics that give the hand-computed answers. No database."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import cache

import pytest

from graph.core.vocabulary import Domain
from tests.opportunities.relevance.catalogue import (
    GHENT_CENTRE,
    LANGUAGES,
    TOPIC_SPECS,
    TOPICS,
    Listing,
    catalogue,
)
from tests.opportunities.relevance.judge import (
    KINDS,
    Query,
    gains,
    load_queries,
    ndcg_at,
    recall_at,
    report,
    success_at,
)

STOP_WORDS_EN = """
    a an the and or of to in on at for with from by as is are be being been it its this that
    these those you your yours my me we our us they their them he she his her who whom what
    which when where how why not no do does did can could will would should there here than
    then so if into out up down about over under all any some every each more most much many
"""
STOP_WORDS_NL = """
    de het een en of in op aan voor met van door als is zijn ben bent was waren wordt worden
    word dit dat deze die je jij jouw jullie u uw mijn me mij we wij ons onze ze zij hun hen
    hij haar wie wat welk welke wanneer waar hoe waarom niet geen doe doet kan kunnen zal
    zullen er hier dan zo als naar uit om over onder bij tot al alle elk elke meer meest veel
    ook nog wel maar heeft hebben heb
"""
STOP_WORDS = frozenset(STOP_WORDS_EN.split()) | frozenset(STOP_WORDS_NL.split())
STEM = 5


@cache
def the_catalogue() -> tuple[Listing, ...]:
    return tuple(catalogue())


@cache
def the_queries() -> tuple[Query, ...]:
    return tuple(load_queries())


def content_words(text: str) -> set[str]:
    """Case-folded, accent-free words that are not stop words of either language."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return {word for word in re.findall(r"[a-z0-9]+", plain) if len(word) > 1} - STOP_WORDS


def same_word(a: str, b: str) -> bool:
    """Equal, the same first five letters, a prefix of four or more letters, or (for Dutch
    compounds) one word of five or more letters inside the other."""
    short, long = sorted((a, b), key=len)
    return (
        a == b
        or (len(short) >= STEM and short[:STEM] == long[:STEM])
        or (len(short) >= 4 and long.startswith(short))
        or (len(short) >= STEM and short in long)
    )


def distance_km(latitude: float, longitude: float) -> float:
    lat0, lon0 = map(math.radians, GHENT_CENTRE)
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    h = (
        math.sin((lat1 - lat0) / 2) ** 2
        + math.cos(lat0) * math.cos(lat1) * math.sin((lon1 - lon0) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --- the catalogue ---------------------------------------------------------------------


def test_the_catalogue_is_deterministic_and_seeded() -> None:
    assert catalogue() == list(the_catalogue())
    assert catalogue(seed=18) != list(the_catalogue())


def test_the_catalogue_has_every_topic_in_both_languages() -> None:
    listings = the_catalogue()
    assert len(listings) >= 2000
    assert len({listing.key for listing in listings}) == len(listings)
    assert len(TOPICS) >= 45
    assert {(listing.topic, listing.language) for listing in listings} == {
        (topic, language) for topic in TOPICS for language in LANGUAGES
    }
    languages = Counter(listing.language for listing in listings)
    assert abs(languages["nl"] - languages["en"]) <= len(listings) // 10


def test_every_listing_is_well_formed() -> None:
    for listing in the_catalogue():
        assert re.fullmatch(rf"rel-{re.escape(listing.topic)}-\d+", listing.key)
        assert listing.domain in set(Domain)
        assert listing.level in (1, 2, 3)
        assert distance_km(listing.latitude, listing.longitude) <= 6.0, listing.key
        for text in (listing.title, listing.synopsis, listing.description):
            assert text.strip(), listing.key
            assert "{" not in text, listing.key
            assert "}" not in text, listing.key


def test_topics_are_written_differently_in_each_phrasing() -> None:
    for topic in TOPIC_SPECS:
        for language in LANGUAGES:
            wording = topic.wording(language)
            assert len(set(wording.titles)) >= 3, topic.key
            assert len(set(wording.synopses)) >= 3, topic.key
            assert len(set(wording.details)) >= 2, topic.key


# --- the queries -----------------------------------------------------------------------


def test_there_are_enough_queries_of_every_kind_in_both_languages() -> None:
    queries = the_queries()
    assert len(queries) >= 72
    assert len({query.id for query in queries}) == len(queries)
    languages = Counter(query.language for query in queries)
    assert languages["nl"] >= 36
    assert languages["en"] >= 36
    kinds = Counter(query.kind for query in queries)
    assert all(kinds[kind] >= 10 for kind in KINDS), kinds
    assert all(
        {query.language for query in queries if query.kind == kind} == {"nl", "en"}
        for kind in KINDS
    )


def test_every_judged_topic_exists() -> None:
    for query in the_queries():
        assert set(query.relevant) <= set(TOPICS), query.id


def test_the_issues_own_examples_are_in_the_set() -> None:
    answers = {query.text: query.relevant for query in the_queries()}
    assert answers["help older people with their phones"]["digital-cafe-seniors"] == 2
    assert answers["ouderen helpen met hun smartphone"]["digital-cafe-seniors"] == 2


def test_short_queries_have_one_or_two_words() -> None:
    for query in the_queries():
        if query.kind == "short":
            assert 1 <= len(query.text.split()) <= 2, query.id


@pytest.mark.parametrize(
    "query", [q for q in the_queries() if q.kind == "no-shared-word"], ids=lambda q: q.id
)
def test_a_no_shared_word_query_shares_no_word_with_its_answers(query: Query) -> None:
    """Checked against the topic's written titles and synopses in both languages and against
    every generated one (with its district filled in)."""
    answers = {topic for topic, grade in query.relevant.items() if grade == 2}
    texts = {
        text
        for topic in TOPIC_SPECS
        if topic.key in answers
        for language in LANGUAGES
        for text in (*topic.wording(language).titles, *topic.wording(language).synopses)
    } | {
        text
        for listing in the_catalogue()
        if listing.topic in answers
        for text in (listing.title, listing.synopsis)
    }
    answer_words = set().union(*map(content_words, texts))
    shared = {
        (word, other)
        for word in content_words(query.text)
        for other in answer_words
        if same_word(word, other)
    }
    assert not shared, f"{query.id} shares {sorted(shared)}"


def test_the_word_check_catches_what_it_should() -> None:
    assert content_words("Digicafé voor de Senioren!") == {"digicafe", "senioren"}
    assert same_word("herstellen", "hersteller")
    assert same_word("help", "helper")
    assert same_word("ruilen", "kledingruilen")
    assert not same_word("huis", "muis")


# --- the metrics -----------------------------------------------------------------------

GAINS = {"a": 2, "b": 2, "c": 1}


def test_a_perfect_ranking_scores_one() -> None:
    ranking = ["a", "b", "c", "x", "y"]
    assert ndcg_at(ranking, GAINS) == pytest.approx(1.0)
    assert recall_at(ranking, GAINS) == pytest.approx(1.0)
    assert success_at(ranking, GAINS) == 1.0


def test_a_reversed_ranking_scores_less() -> None:
    # DCG of c, b, a: 1/log2(2) + 3/log2(3) + 3/log2(4); ideal: 3 + 3/log2(3) + 1/2.
    ideal = 3 + 3 / math.log2(3) + 0.5
    reversed_dcg = 1 + 3 / math.log2(3) + 1.5
    assert ndcg_at(["c", "b", "a"], GAINS) == pytest.approx(reversed_dcg / ideal)
    assert ndcg_at(["c", "b", "a"], GAINS) < 1.0


def test_a_ranking_without_relevant_items_scores_zero() -> None:
    assert ndcg_at(["x", "y", "z"], GAINS) == 0.0
    assert recall_at(["x", "y", "z"], GAINS) == 0.0
    assert success_at(["x", "y", "z"], GAINS) == 0.0
    assert ndcg_at([], GAINS) == 0.0


def test_recall_divides_by_what_the_top_k_could_hold() -> None:
    many = {f"r{i}": 2 for i in range(40)}
    assert recall_at(["r0", "x", "r1", "y", "z"], many, k=5) == pytest.approx(2 / 5)
    assert recall_at(["x", "a"], GAINS, k=5) == pytest.approx(1 / 2)
    # A grade-1 listing is not an answer; a repeated key counts once.
    assert recall_at(["c", "a", "a"], GAINS, k=5) == pytest.approx(1 / 2)
    assert success_at(["c", "x"], GAINS) == 0.0


def test_ndcg_takes_its_ideal_from_the_whole_catalogue_and_cuts_at_k() -> None:
    # Only a grade-1 listing found: 1 / (3 + 3/log2(3) + 1/2).
    assert ndcg_at(["c"], GAINS) == pytest.approx(1 / (3 + 3 / math.log2(3) + 0.5))
    assert ndcg_at(["x", "a"], GAINS, k=1) == 0.0
    assert ndcg_at(["a", "x"], GAINS, k=1) == pytest.approx(1.0)


def make_listing(key: str, topic: str, language: str = "en") -> Listing:
    return Listing(key, topic, "nl" if language == "nl" else "en", key, "", "", "", 1, 0, 0)


def test_gains_grade_listings_by_their_topic() -> None:
    query = Query("q", "en", "", "short", {"garden": 2, "compost": 1})
    listings = {
        key: make_listing(key, topic)
        for key, topic in (("g1", "garden"), ("c1", "compost"), ("o1", "other"))
    }
    assert gains(query, listings) == {"g1": 2, "c1": 1}


def test_the_report_averages_overall_per_kind_and_per_language() -> None:
    listings = [
        make_listing("g1", "garden"),
        make_listing("g2", "garden", "nl"),
        make_listing("b1", "bees"),
    ]
    queries = [
        Query("hit", "en", "", "short", {"garden": 2}),
        Query("miss", "nl", "", "paraphrase", {"bees": 2}),
        Query("unranked", "nl", "", "paraphrase", {"garden": 2}),
    ]
    # "demo-1" is not in the catalogue: it counts as not relevant, not as an error.
    result = report({"hit": ["g2", "g1"], "miss": ["demo-1", "g1"]}, queries, listings)
    assert result["overall"]["queries"] == 3
    assert result["overall"]["success_at_5"] == pytest.approx(1 / 3)
    assert result["overall"]["recall_at_5"] == pytest.approx(1 / 3)
    assert result["overall"]["ndcg_at_10"] == pytest.approx(1 / 3)
    assert result["by_kind"]["short"]["ndcg_at_10"] == pytest.approx(1.0)
    assert result["by_kind"]["paraphrase"]["queries"] == 2
    assert result["by_language"]["nl"]["success_at_5"] == 0.0
    assert result["by_language"]["en"]["recall_at_5"] == pytest.approx(1.0)


def test_a_random_ranking_of_the_real_set_scores_low_and_a_perfect_one_high() -> None:
    """The whole pipeline on the committed set: oracle rankings score 1, shuffles near 0."""
    listings = the_catalogue()
    by_key = {item.key: item for item in listings}
    queries = the_queries()
    oracle = {}
    for query in queries:
        graded = gains(query, by_key)
        oracle[query.id] = sorted(graded, key=graded.__getitem__, reverse=True)
    perfect = report(oracle, queries, listings)["overall"]
    assert perfect["ndcg_at_10"] == pytest.approx(1.0)
    assert perfect["recall_at_5"] == pytest.approx(1.0)
    keys = sorted(by_key)
    arbitrary = {query.id: keys[: 10 + index] for index, query in enumerate(queries)}
    assert report(arbitrary, queries, listings)["overall"]["ndcg_at_10"] < 0.2
