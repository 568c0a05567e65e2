"""`record`: frozen dataclasses with a fast __init__ keep every frozen-dataclass behaviour."""
import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from converter.model import Cell
from converter.periods import Period
from converter.records import record


@record(order=True)
class _Sample:
    name: str
    count: int = 3
    tags: list = dataclasses.field(default_factory=list, compare=False)
    doubled: int = dataclasses.field(init=False, compare=False, default=0)

    def __post_init__(self):
        object.__setattr__(self, "doubled", self.count * 2)


def test_defaults_factories_and_post_init():
    sample = _Sample("a")
    assert (sample.name, sample.count, sample.tags, sample.doubled) == ("a", 3, [], 6)
    assert _Sample("b", count=5).doubled == 10
    assert _Sample("c").tags is not _Sample("c").tags  # a fresh list each time


def test_assignment_is_refused():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _Sample("a").count = 4


def test_equality_hash_order_and_replace():
    assert _Sample("a", 1) == _Sample("a", 1) and hash(_Sample("a", 1)) == hash(_Sample("a", 1))
    assert _Sample("a", 1) < _Sample("a", 2)
    changed = dataclasses.replace(_Sample("a", 1), count=7)
    assert (changed.count, changed.doubled) == (7, 14)


def test_signature_errors_match_a_dataclass():
    with pytest.raises(TypeError):
        _Sample()  # the required field is missing
    with pytest.raises(TypeError):
        _Sample("a", nonsense=1)


def test_model_classes_are_records():
    cell = Cell("1,234", None, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.text = "x"
    period = Period(date(2004, 6, 30), date(2004, 4, 1))
    assert period.key() == "2004-04-01--2004-06-30"  # set by __post_init__
    assert period == Period(date(2004, 6, 30), date(2004, 4, 1), rule="another rule")


def test_explicit_to_dict_keeps_every_field_in_order():
    """to_dict is written out by hand for speed; it must not drift from the fields."""
    from converter.model import CoverField, Entity, Fact, Notice, Scale

    samples = [Notice("refusal", 12, "row refused", "Other"), CoverField("EntityRegistrantName", "X", 3),
               Scale(1000, 1, 1, "(in thousands)"), Entity("http://www.sec.gov/CIK", "0000320193"),
               Fact("us-gaap:Revenues", "c1", "1000", "USD", "-3", 40, "Revenue", "read cleanly")]
    for sample in samples:
        assert list(sample.to_dict().items()) == list(dataclasses.asdict(sample).items())
    cell = Cell("(1,234)", Decimal("-1234"), 9, candidates=(Decimal("1"),), repair="split")
    assert list(cell.to_dict()) == [f.name for f in dataclasses.fields(Cell)]
    assert cell.to_dict()["value"] == "-1234" and cell.to_dict()["candidates"] == ["1"]


def test_decided_value_changes_only_what_deciding_changes():
    from decimal import Decimal

    from converter.mapping import MappedValue
    from converter.taxonomy import load_taxonomy

    concept = load_taxonomy(2024).concept("us-gaap:IncomeTaxExpenseBenefit")
    pending = MappedValue(concept, Period(date(2004, 6, 30), date(2004, 4, 1)), None, -3, "USD",
                          88, "Income taxes", "non-gaap", "printed sign convention settled",
                          False, (Decimal(5), Decimal(-5)), "(5)", True, True)
    decided = pending.decided(Decimal(-5), "confirmed by a sum")
    assert decided == dataclasses.replace(pending, value=Decimal(-5), confirmation="confirmed by a sum",
                                          certain=True, candidates=())


def test_a_cell_is_always_true_so_any_row_cells_means_a_printed_value():
    """`not any(row.cells)` stands for "no cell holds anything" (repair, recovery, checks): that
    holds only while a Cell, even an empty one, is true."""
    assert Cell("", None, 1, "empty") and Cell("0", Decimal(0), 1, "dash")
    assert not any((None, None)) and any((None, Cell("", None, 1, "empty")))


def test_pickle_and_copy_keep_every_field():
    import copy
    import pickle

    sample = _Sample("a", 4, ["x"])
    for clone in (pickle.loads(pickle.dumps(sample)), copy.copy(sample), copy.deepcopy(sample)):
        assert type(clone) is _Sample and clone == sample
        assert (clone.name, clone.count, clone.tags, clone.doubled) == ("a", 4, ["x"], 8)
        with pytest.raises(dataclasses.FrozenInstanceError):
            clone.name = "b"


def test_a_default_never_hides_the_value_stored():
    """Defaults are not left as class attributes (they would shadow the field's slot)."""
    sample = _Sample("a", 9)
    assert sample.count == 9 and _Sample("b").count == 3
    assert type(sample) is _Sample and not hasattr(sample, "__dict__")
    assert "count" not in _Sample.__dict__


def test_a_record_is_a_plain_class():
    with pytest.raises(TypeError):
        @record
        class _Derived(_Sample):
            extra: int = 0
