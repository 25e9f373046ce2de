"""records.record: result classes built without per-class code behave as @dataclass(frozen=True) ones.

Also: the console script runs a one-off call without the cyclic garbage collector, and gives it back
to a caller that passes argv (and to batch).
"""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import sys
from decimal import Decimal
from typing import ClassVar

import pytest

from zhipu_ipo.calc.offer import RaiseResult
from zhipu_ipo.launcher import main
from zhipu_ipo.records import Kind, field_specs, null_fields, record, value


@record
class Sample:
    """A result with a hashed, an unhashed (a table) and a contract (json_null) field."""

    shares: int | None = value("Shares", Kind.SHARES, json_null=True)
    price: Decimal | None = value("Price", Kind.PRICE, brief=True)
    tiers: tuple[dict[str, str], ...] | None = value("Tiers", Kind.TABLE)


@record
class Required:
    """A record whose first field has no default, and one with a default factory."""

    name: str
    notes: list[str] = dataclasses.field(default_factory=list)


def test_fields_and_metadata():
    assert dataclasses.is_dataclass(Sample)
    assert [item.name for item in dataclasses.fields(Sample)] == ["shares", "price", "tiers"]
    assert field_specs(Sample) == (("shares", "Shares", "shares"), ("price", "Price", "price"),
                                   ("tiers", "Tiers", "table"))
    assert null_fields(Sample) == frozenset({"shares"})
    assert dataclasses.fields(Sample)[1].metadata["brief"] is True
    assert Sample.__dataclass_params__.frozen and Sample.__dataclass_params__.eq


@record
class WithClassVar:
    """A record with a class-level constant: not a field, as for dataclass()."""

    UNIT: ClassVar[str] = "shares"
    count: int | None = value("Count", Kind.COUNT)


def test_fields_keep_their_annotations_and_class_variables_stay_out():
    assert [item.type for item in dataclasses.fields(Sample)] == [
        "int | None", "Decimal | None", "tuple[dict[str, str], ...] | None"]
    assert Sample.__annotations__["price"] == "Decimal | None"
    assert [item.name for item in dataclasses.fields(WithClassVar)] == ["count"]
    assert WithClassVar(count=3).count == 3 and WithClassVar.UNIT == "shares"


def test_construction_defaults_and_errors():
    sample = Sample(shares=100)
    assert (sample.shares, sample.price, sample.tiers) == (100, None, None)
    assert Sample(100, Decimal("1.50")) == Sample(shares=100, price=Decimal("1.50"))
    with pytest.raises(TypeError, match="unexpected keyword argument 'lots'"):
        Sample(lots=1)
    with pytest.raises(TypeError, match="multiple values"):
        Sample(1, shares=2)
    with pytest.raises(TypeError, match="positional"):
        Sample(1, 2, 3, 4)
    assert Sample(1, 2, 3) == Sample(shares=1, price=2, tiers=3)  # every field by position: as many as it has
    with pytest.raises(TypeError, match="missing required argument: 'name'"):
        Required()
    first, second = Required("a"), Required("b")
    assert first.notes == [] and first.notes is not second.notes


def test_frozen_equal_hashable_replace_repr():
    sample = Sample(shares=100, price=Decimal("2"), tiers=({"a": "b"},))
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.shares = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del sample.price
    same = Sample(shares=100, price=Decimal("2.0"), tiers=({"a": "b"},))
    assert sample == same and hash(sample) == hash(same)
    assert sample != Sample(shares=100, price=Decimal("2"), tiers=({"a": "c"},))  # compared, though not hashed
    assert sample != RaiseResult(shares=100)
    assert len({sample, same}) == 1
    changed = dataclasses.replace(sample, shares=200)
    assert changed.shares == 200 and changed.price == Decimal("2") and sample.shares == 100
    assert repr(Sample(shares=1)) == "Sample(shares=1, price=None, tiers=None)"
    assert Sample.__doc__.startswith("A result with")


def test_a_record_without_a_docstring_gets_one_without_inspect():
    @record
    class Bare:
        lots: int | None = value("Lots", Kind.COUNT)

    assert Bare.__doc__ == "Bare(lots)"


def test_an_argv_caller_keeps_its_collector():
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["raise", "--shares", "37,419,500", "--price", "116.20", "--json"])
    assert gc.isenabled()


@pytest.mark.parametrize(("argv", "collecting"), [
    (["raise", "--shares", "37,419,500", "--price", "116.20", "--json"], False),
    (["batch"], True),
])
def test_the_console_script_runs_a_one_off_call_without_the_collector(argv, collecting):
    """The collector's state at the end, whichever way the process ends (a one-off answer ends with ``os._exit``,
    which runs no ``atexit`` handler; batch ends the ordinary way)."""
    code = ("import atexit, gc, os, sys\n"
            "probe = lambda: sys.stderr.write(f'collecting={gc.isenabled()}')\n"
            "atexit.register(probe)\n"
            "end = os._exit\n"
            "os._exit = lambda status: (probe(), sys.stderr.flush(), end(status))\n"
            "from zhipu_ipo.launcher import main\n"
            f"sys.argv = ['zhipu-ipo', *{argv!r}]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], input="", capture_output=True, text=True, timeout=60)
    assert f"collecting={collecting}" in done.stderr
