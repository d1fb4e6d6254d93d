"""Okapi BM25 over a handful of short texts, with English stemming: small enough to read.

A ladder holds a few dozen expectations of a sentence or two, so the whole
index is a few hundred terms; a library built for millions of documents (and
its numeric stack) would cost more than it saves. Scores are deterministic
and explainable: each is a sum over the query's terms of that term's weight
in one text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer


def _split(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (word lists read better as prose)."""
    return frozenset(text.split())


K1 = 1.2
"""How quickly repeating a term stops adding to a score."""
B = 0.75
"""How much a long text is penalised for its length."""

_WORD = re.compile(r"[a-z][a-z'’]*")
STOPWORDS = _split(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves also one two three four five six seven
    eight nine ten many much well get got make made us s t went go goes going use used
    uses using take took taken takes new first last still since per via like able
    without half ship shipped ships shipping every
    """
)
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The English stem of one lower-case word ("spanning" -> "span")."""
    return str(_STEMMER.stemWord(word))


_IDIOMS = re.compile(
    r"\b(?:(my|your|his|her|its|our|their)\s+own|(?:without|before)\s+being\s+asked|unasked)\b"
)


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order (stop words and numbers left out).

    "Their own" is not ownership and "without being asked" is not asking: such
    idioms are dropped before the words are counted.
    """
    plain = _IDIOMS.sub(lambda m: m.group(1) or " ", text.lower())
    words = _WORD.findall(plain.replace("-", " "))
    return [stem(w.rstrip("'’")) for w in words if w not in STOPWORDS and len(w) > 1]


class BM25:
    """An index of texts (already split into terms) that scores a query against each.

    Each text's term weights are computed once, so scoring a query is a few
    dictionary look-ups per term.
    """

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        counts = [Counter(doc) for doc in documents]
        lengths = [len(doc) for doc in documents]
        total = len(documents)
        average = sum(lengths) / total if total else 0.0
        frequency: Counter[str] = Counter()
        for doc in counts:
            frequency.update(doc.keys())
        # the "+1" form never goes negative, so a term in most texts still counts a little
        self.idf = {
            term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }
        self.documents: list[dict[str, float]] = []
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for index, (doc, length) in enumerate(zip(counts, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / average) if average else K1
            weights = {t: self.idf[t] * n * (K1 + 1) / (n + norm) for t, n in doc.items()}
            self.documents.append(weights)
            for term, weight in weights.items():
                self.postings.setdefault(term, []).append((index, weight))

    def weights(self, query: Sequence[str], index: int) -> dict[str, float]:
        """Each query term's contribution to the score of document ``index``."""
        doc = self.documents[index]
        return {term: doc[term] for term in dict.fromkeys(query) if term in doc}

    def score(self, query: Sequence[str], index: int) -> float:
        """The BM25 score of document ``index`` for ``query`` (each query term counted once)."""
        doc = self.documents[index]
        return sum(doc.get(term, 0.0) for term in dict.fromkeys(query))

    def scores(self, query: Sequence[str]) -> list[float]:
        """The score of every document for ``query``, in document order."""
        out = [0.0] * len(self.documents)
        for term in dict.fromkeys(query):
            for index, weight in self.postings.get(term, ()):
                out[index] += weight
        return out
