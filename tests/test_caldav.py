"""The calendar on a real CalDAV server: Radicale on 127.0.0.1, vdirsyncer run
with the configuration `pln calendar vdirsyncer` prints, and the entries read
back from the server with a CalDAV client (the `caldav` package) — created,
updated after `pln follow-ups edit`, removed after `pln done`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import Pln
from servers import CalDav, radicale, vdirsyncer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # Radicale, vdirsyncer


def on_server(dav: CalDav, url: str) -> dict[str, tuple[str, object]]:
    from icalendar import Calendar

    calendar = dav.client().calendar(url=url)
    found = {}
    for entry in calendar.events():
        [event] = Calendar.from_ical(entry.data).walk("VEVENT")
        found[str(event["UID"])] = (str(event["SUMMARY"]), event.decoded("DTSTART"))
    return found


def test_the_agenda_reaches_a_caldav_server(pln: Pln, tmp_path: Path) -> None:
    with radicale(tmp_path / "radicale") as dav:
        dav.client().principal().make_calendar(name="pln agenda", cal_id="pln")
        url = f"{dav.base}{dav.user}/pln/"
        folder = tmp_path / "calendar"
        pln("add-contact", "Ana Lima")
        pln("follow-up", "ana", "send the slides", "--due", "2026-12-02")
        pln("follow-up", "--no-contact", "plan the webinar", "--due", "2026-12-24")
        pln("config", "calendar.dir", str(folder))  # writes the collection
        printed = pln("calendar", "vdirsyncer", "--url", url, "-u", dav.user).stdout
        secret = tmp_path / "dav-password"
        secret.write_text(dav.password)
        config = tmp_path / "vdirsyncer.conf"
        config.write_text(
            printed.replace('"pass", "show", "caldav"', f'"cat", "{secret}"').replace(
                "~/.local/share/vdirsyncer/status/", f"{tmp_path / 'status'}/"
            )
        )
        vdirsyncer(config, "discover", "pln_calendar")
        vdirsyncer(config, "sync")
        assert on_server(dav, url) == {
            "follow-up-1@plncrm": ("send the slides (Ana Lima)", date(2026, 12, 2)),
            "follow-up-2@plncrm": ("plan the webinar", date(2026, 12, 24)),
        }
        pln("follow-ups", "edit", "1", "--due", "2026-12-04")  # the hook rewrites one file
        vdirsyncer(config, "sync")
        assert on_server(dav, url)["follow-up-1@plncrm"] == (
            "send the slides (Ana Lima)",
            date(2026, 12, 4),
        )
        pln("done", "2")
        vdirsyncer(config, "sync")
        assert list(on_server(dav, url)) == ["follow-up-1@plncrm"]
        vdirsyncer(config, "sync")  # again: nothing duplicated
        assert len(on_server(dav, url)) == 1
