"""Cover pages -> dei fields, on the seeds' three layouts (one field a line, all on one line)."""
import pytest

from converter.readers.cover import read_cover, split_address
from tests.conftest import SEED_000, SEED_002, SEED_003


def cover_of(path):
    return {f.name: f.value for f in read_cover(path.read_text().split("\n"))}


def test_seed_000_cover_one_field_a_line():
    assert cover_of(SEED_000) == {
        "DocumentType": "8-K", "DocumentPeriodEndDate": "2004-08-20",
        "EntityRegistrantName": "SONUS NETWORKS, INC.", "EntityIncorporationStateCountryCode": "DE",
        "EntityFileNumber": "000-30229", "EntityTaxIdentificationNumber": "04-3387074",
        "EntityAddressAddressLine1": "250 APOLLO DRIVE", "EntityAddressCityOrTown": "CHELMSFORD",
        "EntityAddressStateOrProvince": "MA", "EntityAddressPostalZipCode": "01824",
        "CityAreaCode": "978", "LocalPhoneNumber": "614-8100"}


def test_seed_003_cover_fields_sharing_lines():
    cover = cover_of(SEED_003)
    assert cover["DocumentPeriodEndDate"] == "2004-01-20"
    assert cover["EntityAddressAddressLine1"] == "5 CARLISLE ROAD"
    assert cover["EntityAddressCityOrTown"] == "WESTFORD"
    assert cover["LocalPhoneNumber"] == "692-8999"
    assert cover["EntityFileNumber"] == "000-30229"
    assert cover["EntityIncorporationStateCountryCode"] == "DE"


def test_seed_002_cover():
    cover = cover_of(SEED_002)
    assert cover["DocumentPeriodEndDate"] == "2003-07-10"
    assert cover["EntityTaxIdentificationNumber"] == "04-3387074"


@pytest.mark.parametrize("text, expected", [
    ("1 Infinite Loop, Cupertino, California 95014",
     ["1 Infinite Loop", "Cupertino", "CA", "95014"]),
    ("3333 Beverly Road, Hoffman Estates, Illinois 60179-0001",
     ["3333 Beverly Road", "Hoffman Estates", "IL", "60179-0001"]),
])
def test_split_address(text, expected):
    assert [v for _, v in split_address(text)] == expected


def test_no_cover_fields_from_prose():
    assert read_cover(["Revenues grew in the quarter.", "Nothing else here."]) == []


def test_state_of_incorporation_is_the_longest_name_on_the_first_line_naming_one():
    from converter.readers.cover import _CAPTIONS, _first_state

    def state(*lines):
        found = _first_state(list(enumerate(lines, 1)), _CAPTIONS["name"])
        return found and (found.value, found.line)

    assert state("Sonus Networks, Inc.", "Delaware   000-30229   04-3387074") == ("DE", 2)
    assert state("WEST VIRGINIA") == ("WV", 1)  # not VIRGINIA
    assert state("New York and New Jersey offices") == ("NJ", 1)  # the longer name wins
    assert state("Delawareans", "Newark") is None  # whole words only
