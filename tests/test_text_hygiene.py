"""What comes in as text stays what it is: an email address is one address,
a member's name holds no escape, a name keeps the letters that make it, a
file is decoded as it was written, and every printed command can be pasted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.util.text import is_email

BAD_EMAILS = [
    "ana@x.org>,<eve@evil.org",
    "@x.org",
    "a@@x.org",
    "a@b",
    "ana@",
    "a b@x.org",
    'a"b@x.org',
    "a@x..org",
    "ana@x.org;eve@evil.org",
    "a\u200b@x.org",
]


@pytest.mark.parametrize("value", BAD_EMAILS)
def test_an_email_is_one_address(value: str) -> None:
    assert not is_email(value)


@pytest.mark.parametrize(
    "value", ["ana@x.org", "o'brien+pln@mail.district87.k12.il.us", "zoë@例え.jp"]
)
def test_real_addresses_are_emails(value: str) -> None:
    assert is_email(value)


def test_an_address_with_a_second_recipient_is_refused(pln: Pln) -> None:
    result = pln("add-contact", "Ana Lima", "--email", "ana@x.org>,<eve@evil.org", ok=False)
    assert result.exit_code == 5
    assert "not an email address" in result.stderr
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    assert pln("edit", "ana", "--email", "a@b", ok=False).exit_code == 5  # ids differ by engine


def test_imports_refuse_a_bad_address_and_say_so(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        'Name,Email\nAna Lima,"ana@x.org>,<eve@evil.org"\nBo Li,bo@x.org\nCy Ro,@x.org\n'
    )
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 1
    assert [r["line"] for r in report["rejected"]] == [2, 4]
    assert all("not an email address" in r["reason"] for r in report["rejected"])
    card = tmp_path / "eve.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Ray\r\nEMAIL:a@@x.org\r\nEND:VCARD\r\n")
    report = pln.json("import", "vcard", str(card))
    assert report["added"] == 0
    assert "not an email address" in report["rejected"][0]["reason"]
    assert "evil.org" not in pln("export", "csv").stdout


def test_a_json_import_refuses_a_bad_address(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    out = tmp_path / "all.json"
    pln("export", "json", "-o", str(out))
    doc = json.loads(out.read_text())
    doc["contacts"][0]["emails"] = ["ana@x.org>,<eve@evil.org"]
    out.write_text(json.dumps(doc))
    result = pln("import", "json", str(out), ok=False)
    assert result.exit_code == 5
    assert "not an email address" in result.stderr


def _pasted(line: str, after: str) -> list[str]:
    """The words a shell would read from the command a hint line gives after `after`."""
    import shlex

    return shlex.split(line.split(after, 1)[1])


def test_calendar_hint_quotes_its_folder(pln: Pln, tmp_path: Path) -> None:
    folder = tmp_path / "cal $(id)"
    out = pln("calendar", "sync", str(folder)).stdout
    [line] = [x for x in out.splitlines() if "pln calendar vdirsyncer" in x]
    words = _pasted(line, "Radicale): ")
    assert words == ["pln", "calendar", "vdirsyncer", str(folder), "--url", "URL"]


def test_contact_sync_hints_quote_their_folder(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    pln("add-contact", "Bo Li", "--email", "bo@x.org")
    book = tmp_path / "book $(id)"
    pln("sync", "contacts", str(book))
    [card] = [p for p in book.glob("*.vcf") if "Bo Li" in p.read_text()]
    card.unlink()
    ana = next(p for p in book.glob("*.vcf") if "Ana Lima" in p.read_text())
    ana.write_text(ana.read_text().replace("END:VCARD", "TITLE:Phone\r\nEND:VCARD"))
    pln("edit", "ana", "--role", "Principal")
    out = pln("sync", "contacts", str(book)).stdout
    [settle] = [x for x in out.splitlines() if x.startswith("Settle each with:")]
    assert _pasted(settle.split(" --resolve")[0], "with: ") == [
        "pln",
        "sync",
        "contacts",
        str(book),
    ]
    [archive] = [x for x in out.splitlines() if x.startswith("To archive them:")]
    words = _pasted(archive.split(" (their")[0], "them: ")
    assert words == ["pln", "sync", "contacts", str(book), "--yes"]


HOSTILE_FOLDER = 'cal "x\npassword.fetch = ["command", "id"]\n$(id)'


@pytest.mark.parametrize("group", [("calendar", "vdirsyncer"), ("sync", "vdirsyncer")])
def test_vdirsyncer_config_keeps_each_value_in_its_string(
    pln: Pln, tmp_path: Path, group: tuple[str, str]
) -> None:
    import io

    from vdirsyncer.cli.config import _ConfigReader

    folder = tmp_path / HOSTILE_FOLDER
    url = 'https://dav.example.org/"\npassword.fetch = ["command", "id"]\nx="'
    user = 'ana"\npassword.fetch = ["command", "id"]\nx="'
    out = pln(*group, str(folder), "--url", url, "-u", user).stdout
    service = "caldav" if group[0] == "calendar" else "carddav"
    assert [x for x in out.splitlines() if x.startswith("password.fetch")] == [
        f'password.fetch = ["command", "pass", "show", "{service}"]'
    ]
    _, _, storages = _ConfigReader(io.StringIO(out)).parse()  # as vdirsyncer reads it
    local = next(v for k, v in storages.items() if k.endswith("_local"))
    remote = next(v for k, v in storages.items() if k.endswith("_remote"))
    assert local["path"] == str(folder)
    assert remote["url"] == url
    assert remote["username"] == user
    assert remote["password.fetch"] == ["command", "pass", "show", remote["type"]]


def test_a_member_name_is_stored_as_it_is_shown(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", user="ev\x1b[2Jil\u202e")
    pln("add-contact", "Bo Li", user="bo")  # two members: history names them
    out = pln("history", user="bo").stdout
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert [e["member"] for e in pln.json("history")] == ["bo", "evil"]
    result = pln("add-contact", "Bo Li", user="\x1b[2J\x07", ok=False)
    assert result.exit_code == 5
    assert "PLN_USER" in result.stderr


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Gal·la Pujol", "Gal·la Pujol"),
        ("买买提·艾力", "买买提·艾力"),
        ("ශ්\u200dරී Perera", "ශ්\u200dරී Perera"),
        ("D´Angelo Rossi", "D´Angelo Rossi"),
        ("Conor O`Brien", "Conor O`Brien"),
        ("Anne Lee | Math Coach", "Anne Lee"),
        ("Maya Shah 👩\u200d💻", "Maya Shah"),
        ("Ana Lima ❤\ufe0f", "Ana Lima"),
        ("Ana Lima 👋🏽", "Ana Lima"),
    ],
)
def test_tidying_keeps_what_makes_a_name(pln: Pln, typed: str, kept: str) -> None:
    pln("add-contact", typed)
    assert pln.json("show", "#1")["name"] == kept


@pytest.mark.parametrize("typed", ["\u200b", "\u200d\ufe0f", "\u2060 \u200b"])
def test_a_name_of_only_invisible_characters_is_no_name(pln: Pln, typed: str) -> None:
    result = pln("add-contact", typed, ok=False)
    assert result.exit_code == 5
    assert "needs a name" in result.stderr


def test_a_base64_vcard_value_is_read_as_text(pln: Pln, tmp_path: Path) -> None:
    card = tmp_path / "zoe.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=BASE64:Wm/DqyBCYXNl\r\n"
        b"TITLE;CHARSET=ISO-8859-1;ENCODING=BASE64:UHJvZmVzc29yYSBkZSBNYXRlbeF0aWNh\r\n"
        b"EMAIL:zoe@x.org\r\nEND:VCARD\r\n"
    )
    pln("import", "vcard", str(card))
    zoe = pln.json("show", "#1")
    assert zoe["name"] == "Zoë Base"
    assert zoe["role"] == "Professora de Matemática"


def test_a_long_hint_stays_one_line_to_copy(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    event = "Northern Illinois Math Leadership Summit 2026"
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@x.org",
        "--met-at",
        event,
        "--met-on",
        "yesterday",
    )
    out = pln("event", "follow-up", event, "--draft").stdout
    [hint] = [line for line in out.splitlines() if "--sent" in line]
    assert f"pln event follow-up '{event}' --sent" in hint
