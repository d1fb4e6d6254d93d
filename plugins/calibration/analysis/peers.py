"""Does a peer observation corroborate with specifics, or is it general praise?

A peer is not writing a case, so the four-part test is too strict for them.
An observation counts as specific when it names something that happened: an
outcome word or a change ("cut", "now", "instead of"), a measure or any digit
("3 am", "two days"), or a phrase that links the work to a result ("thanks
to", "because of", "without a"). "Great teammate, always delivers" does not.
"""

from __future__ import annotations

import re

from calibration.analysis.evidence import assess
from calibration.analysis.matching import find_phrases, index_phrases, tokenize
from calibration.analysis.words import WordLists

_DIGIT = re.compile(r"\d")


def corroborates(text: str, words: WordLists) -> bool:
    """True when the observation names a specific result rather than general praise."""
    if _DIGIT.search(text):
        return True
    if "outcome" not in assess(text, words=words).missing:
        return True
    index = words.cache.get("result_links")
    if not isinstance(index, dict):
        index = index_phrases({"result_links": words.get("result_links")})
        words.cache["result_links"] = index
    return bool(find_phrases(tokenize(text), index))
