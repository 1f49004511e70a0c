"""One clock: the day a command sees and the moments it stamps agree, in any
time zone and on any real date (the suite pins the wall clock itself)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from datetime import time as dtime
from pathlib import Path

import pytest

from helpers import TODAY, Pln

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def chicago() -> Iterator[None]:
    """The machine's clock in Chicago (UTC-6 in November), restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Chicago"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_every_test_runs_on_the_pinned_day_whatever_the_real_date() -> None:
    assert date.today() == TODAY


@pytest.mark.usefixtures("chicago")
def test_a_contact_added_late_in_the_evening_was_added_that_day(store_url: str) -> None:
    evening = Pln(hour=dtime(23, 30))  # 05:30 the next day in UTC
    evening("add-contact", "Ana Lima")
    assert evening.json("show", "ana")["added_on"] == TODAY.isoformat()
    assert evening.json("report", "--since", "today")["growth"]["added"] == 1


@pytest.mark.usefixtures("chicago")
def test_an_evening_import_moves_its_touchpoints_when_the_event_is_dated(store_url: str) -> None:
    evening = Pln(hour=dtime(23, 30))
    evening("add-contact", "Conor O'Brien", "-e", "cobrien@stpatricks.ie")
    evening("import", "vcard", str(FIXTURES / "badge-scans.vcf"), "--met-at", "Winter Summit")
    evening("event", "edit", "winter summit", "--on", "2026-11-24")
    conor = evening.json("show", "conor")
    assert [t["date"] for t in conor["timeline"]] == ["2026-11-24"]
    assert conor["last_contacted"] == "2026-11-24"
