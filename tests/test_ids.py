"""Report months as values: parsed from and written as ``YYYY-MM``,
ordered, shifted, their days and names; the element of DM a WBS code falls in."""

from __future__ import annotations

from datetime import date

import pytest

from dmreport.core.errors import DmreportError
from dmreport.core.ids import Month, element_of, in_dm, month_title
from dmreport.ext.aggregates.plan_table import filter_element


def test_a_month_reads_and_writes_its_key() -> None:
    month = Month.parse("2020-01")
    assert (month.year, month.number) == (2020, 1)
    assert str(month) == "2020-01"
    assert Month.of(date(2018, 11, 30)) == Month(2018, 11)


@pytest.mark.parametrize("key", ["2020-13", "2020-1", "20-01", "2020-00", ""])
def test_a_key_that_is_no_month_is_refused(key: str) -> None:
    with pytest.raises(DmreportError, match="is not a month"):
        Month.parse(key)


def test_months_shift_across_years() -> None:
    assert str(Month.parse("2020-01").previous) == "2019-12"
    assert str(Month.parse("2019-12").next) == "2020-01"
    assert str(Month.parse("2020-11").shift(3)) == "2021-02"
    assert str(Month.parse("2020-02").shift(-14)) == "2018-12"
    assert Month.parse("2020-01").index - Month.parse("2018-11").index == 14


def test_months_are_ordered_in_time() -> None:
    keys = ["2020-10", "2019-12", "2020-02"]
    assert [str(m) for m in sorted(Month.parse(k) for k in keys)] == sorted(keys)


def test_a_month_knows_its_days_and_names() -> None:
    assert Month.parse("2020-02").last_day == date(2020, 2, 29)
    assert Month.parse("2019-12").last_day == date(2019, 12, 31)
    assert Month.parse("2019-12").first_day == date(2019, 12, 1)
    september = Month.parse("2020-09")
    assert (september.name, september.abbreviation, september.title) == (
        "September",
        "Sep",
        "September 2020",
    )
    assert month_title("2020-01") == "January 2020"


@pytest.mark.parametrize(
    ("wbs", "dm", "element", "filtered"),
    [
        ("1.02C.08.03.01", True, "1.02C.08", "1.02C.08"),
        ("1.02C.04", True, "1.02C.04", "1.02C.04"),
        ("1.02C", True, "1.02C", "1.02C"),
        ("LSST ME 19-11.00.04.02", False, "LSST ME 19-11.00.04.02", "other"),
        ("1.04C.01.02", False, "1.04C.01.02", "other"),
        (None, False, None, "none"),
        ("", False, "", "none"),
    ],
)
def test_the_element_of_a_wbs_code(
    wbs: str | None, dm: bool, element: str | None, filtered: str
) -> None:
    """One element of DM per code: the plan import counts by it, the plan
    tables filter by it (``other`` and ``none`` beside)."""
    assert in_dm(wbs) is dm
    if wbs is not None:
        assert element_of(wbs) == element
    assert filter_element(wbs) == filtered
