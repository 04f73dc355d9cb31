"""Pseudonyms (化名) under which a household's needs appear in public.

A pseudonym is a neutral word from nature, never derived from the household's names, so it tells
a reader nothing about who the family is. It is checked against the members' names, given names
included, and picked again when a member's name would contain it or be contained in it.
"""

import secrets

from common.privacy import pii_findings

PSEUDONYMS = (
    "春晖",
    "晨曦",
    "青松",
    "向阳",
    "暖阳",
    "明月",
    "新禾",
    "山茶",
    "海棠",
    "石榴",
    "木棉",
    "银杏",
    "翠竹",
    "蒲公英",
    "向日葵",
    "小溪",
    "远山",
    "白鹭",
    "梧桐",
    "丁香",
    "紫荆",
    "兰草",
    "芦苇",
    "麦穗",
    "红枫",
    "星河",
    "云杉",
    "茉莉",
)


def pseudonym_clashes(pseudonym: str, names: list[str] | tuple[str, ...]) -> bool:
    """Return whether a pseudonym shares text with any of the names, either way round."""
    if not pseudonym:
        return False
    return bool(pii_findings(pseudonym, names=names)) or any(pseudonym in name for name in names)


def pseudonym_pick(*, names: list[str] | tuple[str, ...] = ()) -> str:
    """Return a pseudonym that clashes with none of the names (there are always more words than members)."""
    free = [word for word in PSEUDONYMS if not pseudonym_clashes(word, names)]
    return secrets.choice(free or list(PSEUDONYMS))
