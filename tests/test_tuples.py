"""tuples.named_tuple behaves as collections.namedtuple (issue 18: the same classes, without compiling each one)."""

from __future__ import annotations

import collections
import inspect
import pickle

import pytest

from zhipu_ipo.tuples import _named_tuple

FIELDS = "pool shares applications basis"
DEFAULTS = ("basis text", None)


@pytest.fixture(params=["mine", "stdlib"])
def made(request):
    make = _named_tuple if request.param == "mine" else collections.namedtuple
    return make("Tier", FIELDS, defaults=DEFAULTS)


def test_the_same_signature_fields_and_defaults():
    mine, stdlib = _named_tuple("Tier", FIELDS, defaults=DEFAULTS), collections.namedtuple("Tier", FIELDS, defaults=DEFAULTS)
    assert str(inspect.signature(mine)) == str(inspect.signature(stdlib)) == \
        "(pool, shares, applications='basis text', basis=None)"
    assert mine._fields == stdlib._fields == ("pool", "shares", "applications", "basis")
    assert mine._field_defaults == stdlib._field_defaults == {"applications": "basis text", "basis": None}
    assert mine.__match_args__ == stdlib.__match_args__
    assert mine.__slots__ == () and mine.__module__ == __name__


def test_construction_access_and_the_methods(made):
    tier = made("A", 100, 92_859)
    assert tier == ("A", 100, 92_859, None) and tier.shares == 100 and tier[2] == 92_859
    assert made(pool="B", shares=200) == ("B", 200, "basis text", None)
    assert made("A", 100, basis=1) == ("A", 100, "basis text", 1)
    assert repr(tier) == "Tier(pool='A', shares=100, applications=92859, basis=None)"
    assert tier._replace(shares=300) == ("A", 300, 92_859, None)
    assert tier._asdict() == {"pool": "A", "shares": 100, "applications": 92_859, "basis": None}
    assert made._make(["A", 1, 2, 3]) == ("A", 1, 2, 3)
    assert hash(tier) == hash(("A", 100, 92_859, None))
    assert tier.__getnewargs__() == ("A", 100, 92_859, None)
    with pytest.raises(AttributeError):
        tier.shares = 1  # type: ignore[misc]


def test_the_same_errors(made):
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'shares'"):
        made("A")
    with pytest.raises(TypeError, match="got multiple values for argument 'pool'"):
        made("A", pool="B")
    with pytest.raises(TypeError, match="unexpected keyword argument 'lots'"):
        made("A", 1, lots=2)
    with pytest.raises(ValueError, match="unexpected field names"):
        made("A", 1)._replace(lots=2)
    with pytest.raises(TypeError, match="Expected 4 arguments, got 2"):
        made._make(["A", 1])


class Subclassed(_named_tuple("Subclassed", "one two", defaults=(2,))):
    __slots__ = ()

    @property
    def total(self) -> int:
        return self.one + self.two


def test_a_subclass_keeps_its_methods_and_pickles():
    item = Subclassed(1)
    assert item.total == 3 and item._replace(two=5).total == 6 and type(item._replace(two=5)) is Subclassed
    assert pickle.loads(pickle.dumps(item)) == item


@pytest.mark.parametrize("names", ["a a", "a class", "a _b", "a 1b"])
def test_bad_field_names_are_refused(names):
    with pytest.raises(ValueError):
        _named_tuple("Bad", names)


@pytest.mark.parametrize("count", [1, 2, 7, 12, 13, 20])
def test_every_number_of_fields_builds_as_the_stdlib_does(count):
    """Up to twelve fields take a ``__new__`` written out in the module; more compile one: the same either way."""
    names = " ".join(f"f{index}" for index in range(count))
    mine, stdlib = _named_tuple("Wide", names, defaults=(None,)), collections.namedtuple("Wide", names, defaults=(None,))
    assert str(inspect.signature(mine)) == str(inspect.signature(stdlib))
    values = list(range(count))
    assert tuple(mine(*values)) == tuple(stdlib(*values)) == tuple(values)
    assert mine(**{f"f{index}": index for index in range(count)}) == tuple(values)
    assert mine(*values[:-1]) == (*values[:-1], None)
    with pytest.raises(TypeError):
        mine(*values, 0)
