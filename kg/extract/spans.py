"""Growing a name leftwards from its head word over the tokens that may stand in names.

Organizations (自治区 / 应急 / 管理厅) and initiatives (国家 / 癌症 / … / 建设项目) are
found by their last word; the name is every name-like token before it, up to a verb,
preposition, punctuation or determiner. A name may pass through a verb (行政复议 /
联合 / 党支部) but never open with one (输出 / 医院).
"""

from __future__ import annotations

from functools import lru_cache

from kg.extract.doc import Doc, Token
from kg.resources import lines

__all__ = ["extend_left", "generic_words", "has_cjk", "not_heads", "stop_words"]

MAX_TOKENS = 9
MAX_CHARS = 32
# Tags (jieba/PKU) that may open a name, and tags that may only stand inside one.
OPEN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "vn", "j", "b", "an", "ng",
                       "?", "eng", "l", "s", "x"})
INNER_TAGS = frozenset({"v", "m", "a", "f", "d", "q"})
# Characters of function words and speech verbs: an unknown token holding one is no part
# of a name (愿同, 英媒称|英海军).
_FUNCTION_CHARS = frozenset("愿同和与及在对向将把被为以于由从跟称说")


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Words that cannot open a name, and are no organization alone."""
    return frozenset(lines("generic_org_words.txt"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that end a leftward extension (该, 各级, 全体)."""
    return frozenset(lines("org_stop_words.txt"))


@lru_cache(maxsize=1)
def not_heads() -> frozenset[str]:
    """Words that end in a suffix character but head no name (部署, 场所, 干部)."""
    return frozenset(lines("not_org_heads.txt"))


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK unified ideograph."""
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@lru_cache(maxsize=1)
def inner_verbs() -> frozenset[str]:
    """Verbs that stand inside agency names (行政复议|联合|党支部), never 会见 or 所属."""
    return frozenset(lines("inner_name_verbs.txt"))


@lru_cache(maxsize=1)
def openers() -> frozenset[str]:
    """Words that open a proper name whatever jieba tags them (中国, 国家, 首都)."""
    return frozenset(lines("proper_openers.txt"))


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    """Words that are verbs in running news (``verbs.txt``, from People's Daily 1998)."""
    return frozenset(lines("verbs.txt"))


@lru_cache(maxsize=1)
def vn_in_names() -> frozenset[str]:
    """Words jieba tags vn that are nouns in agency names (教育, 卫生, 安全, 经济 …)."""
    return frozenset(lines("vn_in_names.txt"))


def _can_open(token: Token) -> bool:
    if token.text in openers():
        return True
    return token.tag in OPEN_TAGS and token.text not in generic_words() and has_cjk(token.text)


def extend_left(doc: Doc, head_start: int, end: int, *, quotes: bool = False,
                stop: frozenset[int] = frozenset()) -> int:
    """Return where the name whose head spans ``[head_start, end)`` starts.

    Args:
        doc: The article.
        head_start: Start of the head word (the suffix 厅, or 建设项目).
        end: End of the name.
        quotes: Whether a “quoted” part may stand inside the name.
        stop: Offsets the name may not reach back past (the ends of person names).

    Returns:
        The start offset; ``head_start`` (or the head token's start) when nothing before
        it belongs to the name.
    """
    tokens = doc.tokens
    text = doc.text
    if not tokens:
        return head_start
    index = doc.token_at(head_start)
    chosen = min(tokens[index].start, head_start)
    i = index - 1
    steps = 0
    while i >= 0 and steps < MAX_TOKENS and end - tokens[i].start <= MAX_CHARS:
        token = tokens[i]
        if token.end in stop:
            break
        if quotes and token.text == "”":
            opening = text.rfind("“", max(0, token.start - 24), token.start)
            if opening == -1:
                break
            chosen = opening
            i = doc.token_at(opening) - 1
            steps += 1
            continue
        if token.text in stop_words() or token.tag == "t" or not has_cjk(token.text):
            break
        if token.tag == "?" and any(c in _FUNCTION_CHARS for c in token.text):
            break
        if token.text in verbs() and token.text not in inner_verbs() \
                and token.text not in vn_in_names():
            break  # 乌克兰|部署|外国部队: a verb jieba's dictionary calls a noun
        if token.tag == "zg" and token.text == "县" and i > 0 and tokens[i - 1].tag == "ns":
            i -= 1  # 洛杉矶|县|警察局: jieba tags a county's 县 zg after a foreign place
            steps += 1
            continue
        if token.tag not in OPEN_TAGS and token.text not in openers() and (
                token.tag not in INNER_TAGS or i == 0 or len(token.text) < 2 or (
                    token.tag == "v" and token.text not in inner_verbs()) or not (
                    tokens[i - 1].tag in OPEN_TAGS and tokens[i + 1].tag in OPEN_TAGS)):
            break
        if _can_open(token):
            chosen = token.start
        i -= 1
        steps += 1
    return chosen
