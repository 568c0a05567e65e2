"""Printed amounts -> numbers, and the refusals."""
from decimal import Decimal

import pytest

from converter.numbers import parse_amount


@pytest.mark.parametrize("text, value", [
    ("42,361", Decimal("42361")), ("$42,361", Decimal("42361")), ("\\$42,361", Decimal("42361")),
    ("(1,234)", Decimal("-1234")), ("$(7,301)", Decimal("-7301")), ("$ (0.03)", Decimal("-0.03")),
    ("0.02", Decimal("0.02")), ("-", Decimal("0")), ("\u2014", Decimal("0")), ("-12", Decimal("-12")),
])
def test_clean_amounts(text, value):
    assert parse_amount(text).value == value


@pytest.mark.parametrize("text, kind", [
    ("67.1%", "percent"), ("", "empty"), ("$", "empty"), ("(805, 459)", "refused"),
    ("1±, 000", "refused"), ("12,34", "refused"), ("(1,234", "refused"), ("8,703 8,793", "refused"),
])
def test_not_clean_amounts(text, kind):
    parsed = parse_amount(text)
    assert parsed.kind == kind
    assert parsed.value is None


def test_fraction_digits_for_per_share_decimals():
    assert parse_amount("$0.02").fraction_digits == 2
    assert parse_amount("1,200").fraction_digits == 0
