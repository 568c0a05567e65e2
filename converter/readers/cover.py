"""The 8-K cover page -> dei fields (DocumentType, date of report, registrant, state, file number,
tax id, address, phone).

Cover pages put each value just before its printed caption ("(Exact Name of Registrant as
Specified in its Charter)"), either on the line above or earlier on the same line. Each finder
looks for its caption and takes the text before it; a value is only taken when it has the right
shape (a file number looks like 000-30229, a tax id like 04-3387074).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import CoverField
from ..periods import find_date
from ..taxonomy import dei_name, load_states

_CAPTIONS = {
    "name": re.compile(r"\(\s*exact name of registrant", re.I),
    "state": re.compile(r"\(\s*state or other jurisdiction", re.I),
    "date": re.compile(r"\(?\s*date of report", re.I),
    "address": re.compile(r"\(\s*address of principal executive offices", re.I),
    "phone": re.compile(r"\(?\s*registrant'?s telephone number", re.I),
}
_FILE_NUMBER = re.compile(r"(?<![\d-])(\d{1,3}-\d{3,6}(?:-\d{2})?)(?![\d-])")
_TAX_ID = re.compile(r"\b(\d{2}-\d{7})\b")
_PHONE = re.compile(r"\(?(\d{3})\)?[\s.-]*(\d{3}[\s.-]\d{4})")
_FORM = re.compile(r"\bFORM\s+(8-K(?:/A)?|10-Q|10-K)\b", re.I)
_ITEM = re.compile(r"^\s*item\s+\d", re.I)
_WORD = re.compile(r"\w+")
COVER_LINES = 120


# a phrase every match of each caption holds (caption lines are searched for these first)
_CAPTION_PHRASES = {"name": "exact name of registrant", "state": "state or other jurisdiction",
                    "date": "date of report", "address": "address of principal executive offices",
                    "phone": "telephone number"}


class _Region(list):
    """The cover's (line number, text) pairs, and each caption's matches in them: (position,
    match) pairs found in one pass, since every finder looks for captions."""

    def __init__(self, pairs: list[tuple[int, str]]):
        super().__init__(pairs)
        self.captions: dict[re.Pattern, list[tuple[int, re.Match]]] = {c: [] for c in _CAPTIONS.values()}
        for position, (_, text) in enumerate(pairs):
            folded = text.casefold()
            for key, phrase in _CAPTION_PHRASES.items():
                if phrase in folded:
                    match = _CAPTIONS[key].search(text)
                    if match:
                        self.captions[_CAPTIONS[key]].append((position, match))


def cover_region(lines: list[str]) -> _Region:
    """(line number, text) of the cover page: the lines before the first 'Item N.' heading."""
    region: list[tuple[int, str]] = []
    for index, text in enumerate(lines[:COVER_LINES]):
        if _ITEM.match(text) and region:
            break
        region.append((index + 1, text.strip().lstrip(">").strip()))
    return _Region(region)


def _before_caption(region: _Region, caption: re.Pattern) -> tuple[int, str] | None:
    """Text just before a caption: earlier on its line, else the nearest non-blank line above."""
    for position, match in region.captions[caption]:
        number, text = region[position]
        before = text[:match.start()].strip(" >-")
        if before:
            return number, before
        for earlier_number, earlier in reversed(region[:position]):
            stripped = earlier.strip(" >-")
            if stripped:
                return earlier_number, stripped
    return None


def read_cover(lines: list[str]) -> list[CoverField]:
    """Every cover field that can be read; fields not found are simply absent."""
    region = cover_region(lines)
    fields: list[CoverField] = []
    for finder in (_form_type, _date_of_report, _registrant, _identifiers, _address, _phone):
        fields.extend(finder(region))
    return fields


def _form_type(region: _Region) -> list[CoverField]:
    for number, text in region:
        match = _FORM.search(text)
        if match:
            return [CoverField(dei_name("document_type"), match[1].upper(), number)]
    return []


def _after_caption(region: _Region, caption: re.Pattern) -> tuple[int, str] | None:
    """Text after a caption on its own line ("...area code: (847) 286-2500")."""
    found = region.captions[caption]
    if not found:
        return None
    position, match = found[0]
    number, text = region[position]
    after = text[match.end():].split(":", 1)[-1].strip(" )")
    return (number, after) if after else None


def _below_caption(region: _Region, caption: re.Pattern) -> tuple[int, str] | None:
    """The nearest non-blank line below a caption (printed under its value's place: "Date of
    Report (Date of earliest event reported)" / "July 20, 2005")."""
    found = region.captions[caption]
    if not found:
        return None
    for number, text in region[found[0][0] + 1:found[0][0] + 3]:
        if text.strip(" >-"):
            return number, text.strip(" >-")
    return None


def _date_of_report(region: _Region) -> list[CoverField]:
    """The date on the caption's line, else above it, else (a date alone) the line below."""
    for found in (_after_caption(region, _CAPTIONS["date"]), _before_caption(region, _CAPTIONS["date"]),
                  _below_caption(region, _CAPTIONS["date"])):
        day = find_date(found[1]) if found else None
        if found and day:
            return [CoverField(dei_name("period_end"), day.isoformat(), found[0])]
    return []


def _registrant(region: _Region) -> list[CoverField]:
    found = _before_caption(region, _CAPTIONS["name"])
    if not found:
        return []
    name = " ".join(found[1].split())
    return [CoverField(dei_name("registrant"), name, found[0])] if len(name) <= 150 else []


def _identifiers(region: _Region) -> list[CoverField]:
    """State of incorporation, file number and tax id: between the name and the state caption."""
    start = _caption_index(region, "name")
    end = _caption_index(region, "state")
    if start is None or end is None:
        return []
    stop = _caption_index(region, "address")
    window = region[start:max(end + 1, stop if stop is not None else end + 4)]
    fields = []
    state = _first_state(window, start_after=_CAPTIONS["name"])
    if state:
        fields.append(state)
    for name, pattern in ((dei_name("tax_id"), _TAX_ID),
                          (dei_name("file_number"), _FILE_NUMBER)):
        for number, text in window:
            text = _after(text, _CAPTIONS["name"])
            text = text if name == dei_name("tax_id") else _TAX_ID.sub(" ", text)
            match = pattern.search(text)
            if match:
                fields.append(CoverField(name, match[1], number))
                break
    return fields


def _after(text: str, caption: re.Pattern) -> str:
    match = caption.search(text)
    return text[match.end():] if match else text


def _caption_index(region: _Region, key: str) -> int | None:
    found = region.captions[_CAPTIONS[key]]
    return found[0][0] if found else None


def _first_state(window: list[tuple[int, str]], start_after: re.Pattern) -> CoverField | None:
    """The first line naming a state; on it, the longest state name it holds."""
    states = load_states()
    patterns, by_first_word = _state_patterns()
    for number, text in window:
        upper = _after(text, start_after).upper()
        # only names whose first word is a word of the line can match it (the usual: none)
        ranks = sorted(rank for word in set(_WORD.findall(upper)) for rank in by_first_word.get(word, ()))
        for rank in ranks:
            name, pattern = patterns[rank]
            if pattern.search(upper):
                return CoverField(dei_name("state"), states[name], number)
    return None


@lru_cache(maxsize=1)
def _state_patterns() -> tuple[tuple[tuple[str, re.Pattern], ...], dict[str, list[int]]]:
    """One pattern per state name, longest name first, and the names' positions in that order
    by their first word."""
    names = sorted(load_states(), key=len, reverse=True)
    patterns = tuple((name, re.compile(rf"\b{re.escape(name)}\b")) for name in names)
    by_first_word: dict[str, list[int]] = {}
    for rank, name in enumerate(names):
        words = _WORD.findall(name)
        by_first_word.setdefault(words[0] if words else "", []).append(rank)
    return patterns, by_first_word


def _address(region: _Region) -> list[CoverField]:
    found = _before_caption(region, _CAPTIONS["address"])
    if not found:
        return []
    number, text = found
    fields = split_address(text)
    if not fields:
        fields = _address_block(region, number)
    return [CoverField(name, value, number) for name, value in fields]


def _address_block(region: _Region, last_line: int) -> list[tuple[str, str]]:
    """An address printed over the two lines above its caption, with one zip code: "3333
    Beverly Road   60179" / "Hoffman Estates, Illinois   (Zip code)", or "17800 N. 85th St." /
    "Scottsdale, Arizona 85255"."""
    lines = [t for n, t in region if n <= last_line and t.strip()][-2:]
    zips = [m for t in lines for m in re.findall(r"\b(\d{5}(?:-\d{4})?)\s*$", re.sub(r"\(.*?\)", "", t).strip())]
    cleaned = [re.sub(r"\(.*?\)|\b\d{5}(?:-\d{4})?\b\s*$", "", t).strip(" ,") for t in lines]
    cleaned = [c for c in cleaned if c]
    if len(zips) != 1 or len(cleaned) != 2:
        return []
    return split_address(f"{cleaned[0]}, {cleaned[1]} {zips[0]}")


def split_address(text: str) -> list[tuple[str, str]]:
    """'250 APOLLO DRIVE, CHELMSFORD, MASSACHUSETTS 01824' -> dei address fields."""
    match = re.search(r",\s*([A-Za-z .]+?),?\s+(\d{5}(?:-\d{4})?)\s*$", text)
    if not match:
        return []
    states = load_states()
    state_text = match[1].strip().upper().rstrip(".")
    code = states.get(state_text) or (state_text if state_text in states.values() else None)
    parts = [p.strip() for p in text[:match.start()].split(",") if p.strip()]
    if not code or len(parts) < 2:
        return []
    return [(dei_name("street"), ", ".join(parts[:-1])),
            (dei_name("city"), parts[-1]),
            (dei_name("region"), code),
            (dei_name("zip"), match[2])]


def _phone(region: _Region) -> list[CoverField]:
    for found in (_before_caption(region, _CAPTIONS["phone"]), _after_caption(region, _CAPTIONS["phone"])):
        match = _PHONE.search(found[1]) if found else None
        if found and match:
            return [CoverField(dei_name("area_code"), match[1], found[0]),
                    CoverField(dei_name("phone"), re.sub(r"[\s.]", "-", match[2]), found[0])]
    return []
