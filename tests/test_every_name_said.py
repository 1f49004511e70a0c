"""Every reply names whom it acted on (`render.names`): seven people are
seven names, wrapped at 80 columns between names, never "and 2 more"; past
two hundred, one line says how many more and that --json lists everyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Pln
from servers import mail_server
from test_mail_send import _account

EVENT = "Phonics Webinar"
MET = "Reading Summit"
DAY = "2026-11-19"  # ten days before the pinned day: over, within the thank-you window
CAME = [f"Teacher{n} Longer-Surname-Here" for n in range(1, 7)] + ["[bold]Ana[/bold] Lima"]
MISSED = [f"Coach{n} Another-Long-Surname" for n in range(1, 8)]
LINK = "https://video.example/phonics"


@pytest.fixture(autouse=True)
def eighty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def names_all(out: str, names: list[str], label: str) -> None:
    """Every name whole on a line of the block that starts with `label`, no
    line of it past 80 columns, and no "more"."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(label))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    block = lines[start:end]
    assert all(len(line) <= 80 for line in block), block
    for name in names:
        assert any(name in line for line in block), (name, block)
    assert " more" not in "\n".join(block)
    assert len(block) > 1  # seven long names do not fit one line: wrapped, not cut


def _refs(names: list[str]) -> list[str]:
    return [n.split()[0].lower().replace("[bold]ana[/bold]", "ana") for n in names]


def _hosted(pln: Pln) -> None:
    pln("event", "add", EVENT, "--on", DAY, "--hosted", "--kind", "webinar")
    for n, name in enumerate(CAME + MISSED):
        pln("add-contact", name, "--email", f"p{n}@school.example")


def test_invite_remind_attended_thank_and_no_shows_name_all_seven(pln: Pln) -> None:
    _hosted(pln)
    out = pln("event", "invite", EVENT, *_refs(CAME), "--on", "2026-11-01").stdout
    names_all(out, CAME, "Invited 7 to")
    names_all(pln("event", "invite", EVENT, *_refs(MISSED)).stdout, MISSED, "Invited 7 to")
    for ref in _refs(CAME):
        pln("event", "rsvp", EVENT, ref, "yes", "--on", "2026-11-02")
    out = pln("event", "remind", EVENT, "--on", "2026-11-18").stdout
    names_all(out, CAME, "Reminded 7 about")
    assert "(attach: pln event ics" in out
    for ref in _refs(MISSED):
        pln("event", "rsvp", EVENT, ref, "yes", "--on", "2026-11-03")
    names_all(pln("event", "attended", EVENT, *_refs(CAME)).stdout, CAME, "Marked as having")
    names_all(pln("event", "thank", EVENT).stdout, CAME, "Thanked 7 for coming")
    out = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--draft").stdout
    names_all(out, MISSED, "Drafted the recording for 7")


def test_thank_drafts_and_the_recording_recorded_name_all_seven(pln: Pln) -> None:
    _hosted(pln)
    pln("event", "invite", EVENT, *_refs(CAME + MISSED), "--on", "2026-11-01")
    for ref in _refs(CAME + MISSED):
        pln("event", "rsvp", EVENT, ref, "yes", "--on", "2026-11-02")
    pln("event", "attended", EVENT, *_refs(CAME))
    out = pln("event", "thank", EVENT, "--draft").stdout
    names_all(out, CAME, "Drafted thank-yous to 7")
    out = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK).stdout
    names_all(out, MISSED, "Recorded the recording sent to 7")


def _met(pln: Pln, tmp_path: Path) -> str:
    """Seven people met at MET, imported from a badge sheet: the summary's own lines."""
    sheet = tmp_path / "badges.csv"
    rows = ["Name,Email,Organization"]
    rows += [f"{name},m{n}@school.example,Riverside USD" for n, name in enumerate(MISSED)]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pln("event", "add", MET, "--on", "2026-11-27")
    return str(pln("import", "csv", str(sheet), "--met-at", MET).stdout)


def test_an_import_and_the_strike_out_follow_ups_name_all_seven(pln: Pln, tmp_path: Path) -> None:
    out = _met(pln, tmp_path)
    names_all(out, MISSED, "Added:")
    names_all(out, MISSED, "7 follow-up(s) so that nobody met at")
    names_all(pln("event", "follow-up", MET, "--draft").stdout, MISSED, f"7 met at {MET}")
    out = pln("event", "follow-up", MET, "--sent").stdout
    names_all(out, MISSED, "Followed up 7 met at")
    assert "(an email logged with each, their strike-out follow-ups closed)" in out


def test_other_import_formats_name_all_seven(pln: Pln, tmp_path: Path) -> None:
    cards = tmp_path / "cards.vcf"
    people = [f"Librarian{n} Longer-Surname" for n in range(7)]
    cards.write_text(
        "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{p}\r\nEND:VCARD\r\n" for p in people),
        encoding="utf-8",
    )
    names_all(pln("import", "vcard", str(cards)).stdout, people, "Added:")
    linkedin = tmp_path / "Connections.csv"
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    rows += [f"Mentor{n},Longer-Surname,,,Open Math,Coach,14 Oct 2026" for n in range(7)]
    linkedin.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = pln("import", "linkedin", str(linkedin)).stdout
    names_all(out, [f"Mentor{n} Longer-Surname" for n in range(7)], "Added:")
    again = pln("import", "linkedin", str(linkedin), "--dry-run").stdout
    assert " more" not in again


def test_community_log_and_give_name_all_seven(pln: Pln) -> None:
    _hosted(pln)
    refs = _refs(CAME)
    pln("community", "add", "Reading Circle")
    names_all(pln("community", "join", "Reading Circle", *refs).stdout, CAME, "7 joined")
    names_all(pln("log", *refs, "-m", "coffee").stdout, CAME, "Logged note on")
    names_all(pln("community", "leave", "Reading Circle", *refs).stdout, CAME, "7 left")
    pln("resource", "add", "Phonics Pack", "--link", LINK)
    out = pln("give", "Phonics Pack", *refs).stdout
    names_all(out, [f"{n} (#{i})" for i, n in enumerate(CAME, 1)], "Gave 'Phonics Pack' to")


@pytest.mark.slow
def test_sending_names_all_seven_sent(pln: Pln, tmp_path: Path) -> None:
    _hosted(pln)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        out = pln("event", "invite", EVENT, *_refs(CAME), "--send", "--yes").stdout
    names_all(out, CAME, "Sent 7:")
    assert len(box.messages) == 7


def test_past_two_hundred_one_line_says_how_many_more_and_where_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from plncrm.render.names import everyone

    names = [f"Guest N{i:03}" for i in range(250)]
    names[3] = "Eve\x1b[31m Red\x07"  # control characters go; the name stays whole
    everyone("Invited 250 to [b]Phonics[/b]:", names, "(pln event show lists them)")
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].startswith("Invited 250 to [b]Phonics[/b]: Guest N000,")
    assert all(line.startswith("  ") for line in lines[1:])
    assert out.count("Guest N") == 199
    assert "Eve Red," in out
    assert "\x1b" not in out
    assert "Guest N199 and 50 more (--json lists everyone)" in out
    assert out.count(" more") == 1
    assert "Guest N200" not in out
    assert out.rstrip().endswith("(pln event show lists them)")


def test_a_long_label_wraps_between_its_words_and_a_name_is_never_split() -> None:
    from plncrm.render.names import wrapped

    label = "Drafted the recording for 2 who did not come to Phonics Webinar (recorded as sent):"
    lines = wrapped(label, ["Ana Lima", "B" * 90], room=80)
    assert lines[0].startswith("Drafted")
    assert all(len(line) <= 80 for line in lines[:-1])
    assert lines[-1] == "  " + "B" * 90  # wider than the room: alone on its line, whole
    assert wrapped("Added:", []) == ["Added:"]


def test_those_an_email_cannot_reach_are_all_named(pln: Pln) -> None:
    """Seven who came, none with an address: the warning and the reply name
    all seven, whose thank-yous are still to make another way."""
    pln("event", "add", EVENT, "--on", DAY, "--hosted")
    for name in CAME:
        pln("add-contact", name)
    pln("event", "invite", EVENT, *_refs(CAME), "--on", "2026-11-01")
    pln("event", "attended", EVENT, *_refs(CAME))
    result = pln("event", "thank", EVENT, "--draft")
    warning = " ".join(result.stderr.split())
    assert all(name in warning for name in CAME), warning
    assert all(name in " ".join(result.stdout.split()) for name in CAME), result.stdout
    assert " more" not in warning + result.stdout
