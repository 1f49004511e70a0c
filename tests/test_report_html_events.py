"""The HTML report shows what the terminal's panels show beside the series
(issue 33): the funnel of the events you hosted, and who is still waiting for
a first follow-up."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from helpers import TODAY, Pln
from plncrm.render.report_html_events import waiting

WEBINAR = "Phonics <Webinar>"


def embedded(html: str) -> Any:
    found = re.search(r'<script type="application/json" id="pln-report">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', html)
    assert found, f"no section {name}"
    return found.group(1)


def test_the_hosted_events_funnel_and_who_is_waiting(pln: Pln, tmp_path: Path) -> None:
    on = (TODAY - timedelta(days=10)).isoformat()
    pln("event", "add", WEBINAR, "--on", on, "--hosted")
    for n in range(1, 4):
        pln("add-contact", f"Guest Number{n}", "--email", f"g{n}@school.example")
        pln("event", "rsvp", WEBINAR, f"Number{n}", "yes")
    pln("event", "attended", WEBINAR, "Number1")
    pln("event", "thank", WEBINAR, "--no-shows", "--recording", "https://v.example/1")
    pln("add-contact", "Siobhán O'Brien", "--met-at", "Literacy Summit", "--met-on", "3 days ago")
    target = tmp_path / "r.html"
    said = pln("report", "--html", str(target)).stdout
    assert ": 7 sections," in said
    html = target.read_text()
    data = pln.json("report")
    assert embedded(html)["hosted_events"] == data["hosted_events"] != []
    hosted = section(html, "hosted-events")
    assert hosted.count('<p class="reading">') == hosted.count("<table>") == 1
    assert 'data-chart="Hosted events"' in hosted
    assert (
        '<p class="reading">1 event of yours; 1 of 3 registered came (33%); of the 1 who came, '
        "0 thanked and 0 followed up; the recording sent to 2 of the 2 who did not come.</p>"
    ) in hosted
    row = f'<th scope="row">Phonics &lt;Webinar&gt;</th><td>{on}</td><td>1 of 3 (33%)</td>'
    assert row + "<td>0</td><td>0</td><td>0</td><td>2 of 2</td></tr>" in hosted
    speed = section(html, "follow-up-speed")
    assert (
        "Still waiting for a first follow-up: Siobhán O&#x27;Brien (Literacy Summit, 3 days)"
        in (speed)
    )
    assert [w["name"] for w in data["strikeouts"]["waiting"]] == ["Siobhán O'Brien"]


def test_no_hosted_event_no_section(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    target = tmp_path / "r.html"
    assert ": 6 sections," in pln("report", "--html", str(target)).stdout
    html = target.read_text()
    assert "hosted-events" not in html
    assert "Still waiting" not in html
    assert embedded(html)["hosted_events"] == []


def test_the_first_ten_waiting_and_how_many_more() -> None:
    people: list[dict[str, Any]] = [
        {"name": f"P{n}", "met_at": None, "days": n} for n in range(1, 13)
    ]
    said = waiting({"waiting": people})
    assert "P10 (met, 10 days)" in said
    assert "P11" not in said
    assert said.endswith("; and 2 more: <code>pln due</code> lists them all.</p>")
